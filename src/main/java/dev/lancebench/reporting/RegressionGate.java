package dev.lancebench.reporting;

import dev.lancebench.measuring.Measure;
import dev.lancebench.settings.Settings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code -Dbench.fail-on-regression=PERCENT}: a compared benchmark that got worse by more than the
 * threshold fails the run, after every report is written. A latency change counts only when the
 * comparison calls it real (significant); a counter's when it is beyond its tolerance. Per-measure
 * thresholds ({@code bench.fail-on-regression.read_bytes=0}) win over the overall one; a measure
 * with neither is not gated.
 */
public record RegressionGate(Double overall, Map<String, Double> perMeasure) {
  public RegressionGate {
    perMeasure = Collections.unmodifiableMap(new LinkedHashMap<>(perMeasure));
  }

  public boolean isOn() {
    return overall != null || !perMeasure.isEmpty();
  }

  /** The threshold of a measure in percent, or null when it is not gated. */
  Double threshold(String measure) {
    return perMeasure.getOrDefault(measure, overall);
  }

  /** One line per regression among the benchmarks {@code gated} selects, with its numbers. */
  public List<String> regressions(Comparison comparison, Predicate<String> gated) {
    List<String> found = new ArrayList<>();
    for (Comparison.Entry entry : comparison.entries().values()) {
      if (!gated.test(entry.name())) {
        continue;
      }
      for (Comparison.Change change : entry.changes().values()) {
        Double threshold = threshold(change.measure());
        if (threshold == null
            || change.verdict() != Comparison.Verdict.WORSE
            || !(change.percent() > threshold)) {
          continue;
        }
        found.add(
            String.format(
                Locale.ROOT,
                "%s %s: %s -> %s (%s, over the %s %% allowed%s)",
                entry.name(),
                change.measure(),
                format(change.measure(), change.before()),
                format(change.measure(), change.after()),
                change.label(),
                Units.trim(threshold),
                change.pValue() == null
                    ? ""
                    : String.format(Locale.ROOT, "; Mann-Whitney p = %.2g", change.pValue())));
      }
    }
    return found;
  }

  /**
   * The gate's verdict on {@code comparison}: empty when none of the benchmarks {@code gated}
   * selects regressed, else the message that fails the run, one line per regression. Against one
   * baseline run a latency regression carries a warning: that run knows nothing of the noise
   * between runs of one build.
   */
  public Optional<String> failure(
      Comparison comparison, Predicate<String> gated, int baselineRuns) {
    List<String> found = regressions(comparison, gated);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        found.size()
            + " regression(s) beyond -D"
            + Settings.FAIL_ON_REGRESSION.key()
            + " against baseline "
            + comparison.describe()
            + ":\n  "
            + String.join("\n  ", found)
            + (baselineRuns == 1 && found.stream().anyMatch(r -> r.contains(" latency: "))
                ? "\n  (The baseline is one run: latency differences between runs of one build are "
                    + "not known to this comparison, and on a shared machine they are often "
                    + "larger than the samples within a run suggest. Compare with three or more "
                    + "saved runs, -Dbench.compare=a,b,c, before trusting a latency regression.)"
                : ""));
  }

  static String format(String measure, double value) {
    for (Measure m : Measure.values()) {
      if (m.key().equals(measure)) {
        return Units.format(value, m.unit());
      }
    }
    return Units.count(value);
  }
}
