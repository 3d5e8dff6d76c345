package dev.lancebench.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lancebench.measuring.BenchResult;
import dev.lancebench.measuring.Measure;
import dev.lancebench.measuring.MeasureSummary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * This run against a baseline of one or more runs, benchmark by benchmark and measure by measure,
 * telling a change from noise:
 *
 * <ul>
 *   <li><b>latency</b>: the baseline's pooled samples and this run's are compared with a two-sided
 *       Mann-Whitney U test (Apache Commons Statistics) at level {@code alpha}; a change is real
 *       when the test rejects "same distribution", the medians differ by at least {@code minChange}
 *       percent and, with two or more baseline runs, this run's median lies beyond the spread of
 *       theirs ({@link LatencyStatistics#runNoiseBound}). The ratio of medians gets a bootstrap
 *       confidence interval at level 1 - alpha. With one sample on a side there is no test, and the
 *       comparison says so.
 *   <li><b>counters</b> (IO operations and bytes, allocations): deterministic on the same data, so
 *       a change beyond a small tolerance ({@link CounterTolerance}), or beyond the baseline runs'
 *       spread, is real.
 * </ul>
 *
 * For every measure higher is worse, so a real increase is a regression.
 */
public final class Comparison {
  /** What a change is. */
  public enum Verdict {
    /** Real, and higher: slower, more IO, more memory. */
    WORSE,
    /** Real, and lower. */
    BETTER,
    /** Within the noise: not significant, or within the counter's tolerance. */
    SAME,
    /** Latency with one sample on a side: no test was possible. */
    NO_TEST
  }

  /**
   * One measure of one benchmark, before and after. {@code trials} is the number of side B's trials
   * when the change was judged from trials (0 otherwise; {@code baselineRuns} is side A's); {@code
   * detectablePercent} is then the smallest change those trials detect (see {@link
   * LatencyStatistics#trials}), or null.
   */
  public record Change(
      String measure,
      Verdict verdict,
      double before,
      double after,
      Double pValue,
      Double ratioLower,
      Double ratioUpper,
      int baselineRuns,
      Double runNoisePercent,
      int trials,
      Double detectablePercent) {

    /** A change judged from the samples of one run (or a counter's values), not from trials. */
    public Change(
        String measure,
        Verdict verdict,
        double before,
        double after,
        Double pValue,
        Double ratioLower,
        Double ratioUpper,
        int baselineRuns,
        Double runNoisePercent) {
      this(
          measure,
          verdict,
          before,
          after,
          pValue,
          ratioLower,
          ratioUpper,
          baselineRuns,
          runNoisePercent,
          0,
          null);
    }

    /**
     * Whether the trials' spread would hide a change of {@code percent}: the smallest change they
     * detect ({@link #detectablePercent}) is larger.
     */
    public boolean hides(double percent) {
      return detectablePercent != null && detectablePercent > percent;
    }

    /** after / before; infinite when only the new run has a non-zero value. */
    public double ratio() {
      if (before == after) {
        return 1.0;
      }
      return before == 0 ? Double.POSITIVE_INFINITY : after / before;
    }

    /** The change in percent of the baseline's value. */
    public double percent() {
      return (ratio() - 1) * 100;
    }

    public boolean real() {
      return verdict == Verdict.WORSE || verdict == Verdict.BETTER;
    }

    /** "+12.3 %", "~-0.4 %" for noise, "(was 0)" from nothing. */
    public String label() {
      String amount =
          Double.isInfinite(ratio())
              ? "(was 0)"
              : String.format(Locale.ROOT, "%+.1f %%", percent()).replace("-", "\u2212");
      switch (verdict) {
        case SAME:
          return "~" + amount;
        case NO_TEST:
          return amount + (trials > 0 ? " (too few trials: no test)" : " (1 sample: no test)");
        default:
          return amount;
      }
    }
  }

  /** The changes of one benchmark in both runs, latency first, then the measures in their order. */
  public record Entry(String name, Map<String, Change> changes) {
    public Entry {
      changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    }

    public Optional<Change> latency() {
      return Optional.ofNullable(changes.get(Measure.LATENCY.key()));
    }
  }

  private final List<Baseline> baselines;
  private final List<Baseline> trialsB;
  private final double alpha;
  private final double minChange;
  private final Map<String, Entry> entries;
  private final List<String> added;
  private final List<String> missing;
  private final List<String> warnings;

  private Comparison(
      List<Baseline> baselines,
      List<Baseline> trialsB,
      double alpha,
      double minChange,
      Map<String, Entry> entries,
      List<String> added,
      List<String> missing,
      List<String> warnings) {
    this.baselines = List.copyOf(baselines);
    this.trialsB = List.copyOf(trialsB);
    this.alpha = alpha;
    this.minChange = minChange;
    this.entries = entries;
    this.added = added;
    this.missing = missing;
    this.warnings = warnings;
  }

  public static Comparison of(RunReport run, Baseline baseline, double alpha, double minChange) {
    return of(run, List.of(baseline), alpha, minChange);
  }

  /**
   * @param baselines one or more runs of the build compared against (several tell how much runs of
   *     one build differ, which one run cannot)
   */
  public static Comparison of(
      RunReport run, List<Baseline> baselines, double alpha, double minChange) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    List<String> added = new ArrayList<>();
    List<String> onlyOneSide = new ArrayList<>();
    double prior = priorRunVariance(run, baselines);
    for (BenchResult now : run.results()) {
      if (!now.passed()) {
        continue;
      }
      List<BenchResult> before = new ArrayList<>();
      for (Baseline baseline : baselines) {
        baseline.measured(now.name()).ifPresent(before::add);
      }
      if (before.isEmpty()) {
        added.add(now.name());
        continue;
      }
      Map<String, Change> changes = new LinkedHashMap<>();
      if (now.latency() != null) {
        List<List<Long>> runs = before.stream().map(BenchResult::samplesNanos).toList();
        changes.put(
            Measure.LATENCY.key(),
            LatencyStatistics.latency(
                now.name(), runs, now.samplesNanos(), alpha, minChange, prior));
      }
      for (Measure measure : Measure.values()) {
        if (measure.kind() == Measure.Kind.DURATION) {
          // noisy like latency: the rounds' values are its samples
          MeasureSummary b = now.measures().get(measure);
          List<List<Long>> runs = new ArrayList<>();
          for (BenchResult result : before) {
            MeasureSummary summary = result.measures().get(measure);
            if (summary != null) {
              runs.add(rounded(summary.perRound()));
            }
          }
          if (b != null && !runs.isEmpty()) {
            changes.put(
                measure.key(),
                LatencyStatistics.judged(
                    measure.key(),
                    now.name(),
                    runs,
                    rounded(b.perRound()),
                    alpha,
                    minChange,
                    Double.NaN));
          }
          continue;
        }
        List<Double> values = new ArrayList<>();
        for (BenchResult result : before) {
          MeasureSummary summary = result.measures().get(measure);
          if (summary != null) {
            values.add(measure.headline(summary));
          }
        }
        MeasureSummary b = now.measures().get(measure);
        if (values.isEmpty() || b == null) {
          if (!values.isEmpty() || b != null) {
            onlyOneSide.add(
                measure.key() + (values.isEmpty() ? " (this run only)" : " (baseline only)"));
          }
          continue;
        }
        changes.put(measure.key(), CounterTolerance.judge(measure, values, measure.headline(b)));
      }
      entries.put(now.name(), new Entry(now.name(), changes));
    }
    Set<String> passedNow = new HashSet<>();
    run.results().stream().filter(BenchResult::passed).forEach(r -> passedNow.add(r.name()));
    Set<String> missing = new TreeSet<>();
    for (Baseline baseline : baselines) {
      for (BenchResult before : baseline.results().values()) {
        if (before.passed() && !passedNow.contains(before.name())) {
          missing.add(before.name());
        }
      }
    }
    List<String> warnings = new ArrayList<>();
    JsonNode now = ResultsJsonFormat.metadata(run.metadata());
    Set<String> setups = new LinkedHashSet<>();
    Set<String> commits = new TreeSet<>();
    for (Baseline baseline : baselines) {
      SetupDifferences.between(baseline.metadata(), now).ifPresent(setups::add);
      commits.add(baseline.metadata().path("git_commit").asText("unknown"));
      if (baseline.partial() != null) {
        warnings.add(
            "The baseline "
                + baseline.name()
                + " is of a partial run ("
                + baseline.partial()
                + ").");
      }
    }
    warnings.addAll(setups);
    if (commits.size() > 1) {
      warnings.add(
          "The baseline runs are of different commits ("
              + String.join(", ", commits)
              + "): their "
              + "spread, taken as the noise between runs, includes what those commits changed.");
    }
    List<String> distinct = onlyOneSide.stream().distinct().sorted().toList();
    if (!distinct.isEmpty()) {
      warnings.add(
          "Measured in one of the two runs only, not compared: "
              + String.join(", ", distinct)
              + ".");
    }
    return new Comparison(
        baselines, List.of(), alpha, minChange, entries, added, new ArrayList<>(missing), warnings);
  }

  /**
   * Side B's trials against side A's (an A/B, {@code compare/ab}): per benchmark and measure, one
   * value per trial — a trial's median latency, a duration's headline — judged by {@link
   * LatencyStatistics#trials} on the spread between trials; counters by their tolerance against A's
   * trials. {@code b} is B's trials as one run ({@link Trials#combine}), the run the reports show.
   */
  public static Comparison ofTrials(
      RunReport b, List<Baseline> trialsA, List<Baseline> trialsB, double alpha, double minChange) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    List<String> added = new ArrayList<>();
    Map<Measure, Double> priors = new EnumMap<>(Measure.class);
    for (Measure measure : timed()) {
      priors.put(measure, priorTrialVariance(b, trialsA, trialsB, measure));
    }
    for (BenchResult now : b.results()) {
      if (!now.passed()) {
        continue;
      }
      List<BenchResult> before = measuredIn(trialsA, now.name());
      List<BenchResult> after = measuredIn(trialsB, now.name());
      if (before.isEmpty()) {
        added.add(now.name());
        continue;
      }
      Map<String, Change> changes = new LinkedHashMap<>();
      for (Measure measure : timed()) {
        double[] a = trialValues(before, measure);
        double[] c = trialValues(after, measure);
        if (a.length > 0 && c.length > 0) {
          changes.put(
              measure.key(),
              LatencyStatistics.trials(measure.key(), a, c, alpha, minChange, priors.get(measure)));
        }
      }
      for (Measure measure : Measure.values()) {
        if (measure == Measure.LATENCY || measure.kind() == Measure.Kind.DURATION) {
          continue;
        }
        List<Double> values = headlines(before, measure);
        List<Double> afterValues = headlines(after, measure);
        if (!values.isEmpty() && !afterValues.isEmpty()) {
          double mean =
              afterValues.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
          changes.put(measure.key(), CounterTolerance.judge(measure, values, mean));
        }
      }
      entries.put(now.name(), new Entry(now.name(), changes));
    }
    Set<String> missing = new TreeSet<>();
    Set<String> passedB = new HashSet<>();
    b.results().stream().filter(BenchResult::passed).forEach(r -> passedB.add(r.name()));
    for (Baseline trial : trialsA) {
      trial.results().values().stream()
          .filter(r -> r.passed() && !passedB.contains(r.name()))
          .forEach(r -> missing.add(r.name()));
    }
    List<String> warnings = new ArrayList<>();
    if (!trialsA.isEmpty() && !trialsB.isEmpty()) {
      SetupDifferences.between(trialsA.get(0).metadata(), trialsB.get(0).metadata())
          .map(w -> w.replace("The baseline was measured", "Side A was measured"))
          .ifPresent(warnings::add);
    }
    return new Comparison(
        trialsA, trialsB, alpha, minChange, entries, added, new ArrayList<>(missing), warnings);
  }

  private static List<Long> rounded(List<Double> values) {
    return values.stream().map(Math::round).toList();
  }

  /** The measures judged from trials as latency is: latency, and the durations (CPU time). */
  private static List<Measure> timed() {
    List<Measure> timed = new ArrayList<>();
    timed.add(Measure.LATENCY);
    for (Measure measure : Measure.values()) {
      if (measure.kind() == Measure.Kind.DURATION) {
        timed.add(measure);
      }
    }
    return timed;
  }

  private static List<BenchResult> measuredIn(List<Baseline> trials, String name) {
    List<BenchResult> found = new ArrayList<>();
    for (Baseline trial : trials) {
      trial.measured(name).ifPresent(found::add);
    }
    return found;
  }

  /** One positive value per trial: its median latency, or the measure's headline. */
  static double[] trialValues(List<BenchResult> trials, Measure measure) {
    List<Double> values = new ArrayList<>();
    for (BenchResult result : trials) {
      double value;
      if (measure == Measure.LATENCY) {
        value = LatencyStatistics.median(LatencyStatistics.toArray(result.samplesNanos()));
      } else {
        MeasureSummary summary = result.measures().get(measure);
        value = summary == null ? Double.NaN : measure.headline(summary);
      }
      if (value > 0) {
        values.add(value);
      }
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static List<Double> headlines(List<BenchResult> results, Measure measure) {
    List<Double> values = new ArrayList<>();
    for (BenchResult result : results) {
      MeasureSummary summary = result.measures().get(measure);
      if (summary != null) {
        values.add(measure.headline(summary));
      }
    }
    return values;
  }

  /**
   * The typical spread between trials of one measure: the median, over the benchmarks with two or
   * more trials a side, of their pooled log variance; NaN when there are none.
   */
  static double priorTrialVariance(
      RunReport b, List<Baseline> trialsA, List<Baseline> trialsB, Measure measure) {
    List<Double> variances = new ArrayList<>();
    for (BenchResult now : b.results()) {
      double[] a = trialValues(measuredIn(trialsA, now.name()), measure);
      double[] c = trialValues(measuredIn(trialsB, now.name()), measure);
      if (a.length >= 2 && c.length >= 2) {
        variances.add(LatencyStatistics.pooledLogVariance(a, c));
      }
    }
    if (variances.isEmpty()) {
      return Double.NaN;
    }
    return LatencyStatistics.median(variances.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** Side B's trials when this compares trials (an A/B); empty otherwise. */
  public List<Baseline> trialsB() {
    return trialsB;
  }

  public boolean ofTrials() {
    return !trialsB.isEmpty();
  }

  /** The baseline runs, in the order given. */
  public List<Baseline> baselines() {
    return baselines;
  }

  /** What the reports call the baseline: its name, or the names of its runs. */
  public String describe() {
    if (ofTrials()) {
      return "side A: "
          + baselines.size()
          + " trials (the first "
          + baselines.get(0).describe()
          + "); side B: "
          + trialsB.size()
          + " trials (the first "
          + trialsB.get(0).describe()
          + ")";
    }
    if (baselines.size() == 1) {
      return baselines.get(0).describe();
    }
    return baselines.stream().map(Baseline::name).collect(Collectors.joining(", "))
        + " ("
        + baselines.size()
        + " runs; the first "
        + baselines.get(0).describe()
        + ")";
  }

  /** The benchmark's result in each baseline run that has it passed. */
  public List<BenchResult> before(String name) {
    List<BenchResult> found = new ArrayList<>();
    for (Baseline baseline : baselines) {
      baseline.measured(name).ifPresent(found::add);
    }
    return found;
  }

  public double alpha() {
    return alpha;
  }

  public double minChange() {
    return minChange;
  }

  /** The compared benchmarks, in the run's order. */
  public Map<String, Entry> entries() {
    return Collections.unmodifiableMap(entries);
  }

  public Optional<Entry> entry(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  /** Benchmarks of this run that the baseline does not have (or did not pass). */
  public List<String> added() {
    return List.copyOf(added);
  }

  /** Benchmarks that passed in the baseline and are not among this run's passed ones. */
  public List<String> missing() {
    return List.copyOf(missing);
  }

  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /**
   * The typical between-run variance of this comparison: the median, over the benchmarks that two
   * or more baseline runs share, of their log medians' variance; NaN when there are none.
   */
  static double priorRunVariance(RunReport run, List<Baseline> baselines) {
    List<Double> variances = new ArrayList<>();
    for (BenchResult now : run.results()) {
      List<List<Long>> runs = new ArrayList<>();
      for (Baseline baseline : baselines) {
        baseline.measured(now.name()).ifPresent(result -> runs.add(result.samplesNanos()));
      }
      if (runs.size() >= 2) {
        variances.add(LatencyStatistics.logMedianVariance(runs));
      }
    }
    if (variances.isEmpty()) {
      return Double.NaN;
    }
    return LatencyStatistics.median(variances.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** For the legend: how latency changes were judged. */
  public String method() {
    if (ofTrials()) {
      return LatencyStatistics.trialsMethod(alpha, minChange);
    }
    return LatencyStatistics.method(alpha, minChange, baselines.size());
  }
}
