package dev.lancebench.reporting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
                Comparison.trim(threshold),
                change.pValue() == null
                    ? ""
                    : String.format(Locale.ROOT, "; Mann-Whitney p = %.2g", change.pValue())));
      }
    }
    return found;
  }

  static String format(String measure, double value) {
    for (var m : dev.lancebench.measuring.Measure.values()) {
      if (m.key().equals(measure)) {
        return Units.format(value, m.unit());
      }
    }
    return Units.count(value);
  }
}
