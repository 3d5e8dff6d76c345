package dev.lancebench.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lancebench.measuring.BenchResult;
import dev.lancebench.measuring.Measure;
import dev.lancebench.measuring.MeasureSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.commons.statistics.distribution.TDistribution;
import org.apache.commons.statistics.inference.MannWhitneyUTest;

/**
 * This run against a baseline of one or more runs, benchmark by benchmark and measure by measure,
 * telling a change from noise:
 *
 * <ul>
 *   <li><b>latency</b>: the baseline's pooled samples and this run's are compared with a two-sided
 *       Mann-Whitney U test (Apache Commons Statistics) at level {@code alpha}; a change is real
 *       when the test rejects "same distribution", the medians differ by at least {@code
 *       minChange} percent and, with two or more baseline runs, this run's median lies beyond the
 *       spread of theirs ({@link #runNoiseBound}). The ratio of medians gets a bootstrap
 *       confidence interval at level 1 - alpha. With one sample on a side there is no test, and
 *       the comparison says so.
 *   <li><b>counters</b> (IO operations and bytes, allocations): deterministic on the same data, so
 *       a change beyond a small tolerance ({@link #tolerance}), or beyond the baseline runs'
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

  /** How far a counter may move and still be the same: relative, or by an absolute amount. */
  record Tolerance(double relative, double absolute) {}

  /** One measure of one benchmark, before and after. */
  public record Change(
      String measure,
      Verdict verdict,
      double before,
      double after,
      Double pValue,
      Double ratioLower,
      Double ratioUpper,
      int baselineRuns,
      Double runNoisePercent) {

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
          return amount + " (1 sample: no test)";
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

  private static final int BOOTSTRAP_RESAMPLES = 1000;

  private final List<Baseline> baselines;
  private final double alpha;
  private final double minChange;
  private final Map<String, Entry> entries;
  private final List<String> added;
  private final List<String> missing;
  private final List<String> warnings;

  private Comparison(
      List<Baseline> baselines,
      double alpha,
      double minChange,
      Map<String, Entry> entries,
      List<String> added,
      List<String> missing,
      List<String> warnings) {
    this.baselines = List.copyOf(baselines);
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
   * @param baselines one or more runs of the build compared against (several tell how much runs
   *     of one build differ, which one run cannot)
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
        BenchResult result = baseline.results().get(now.name());
        if (result != null && result.passed() && result.latency() != null) {
          before.add(result);
        }
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
            latency(now.name(), runs, now.samplesNanos(), alpha, minChange, prior));
      }
      for (Measure measure : Measure.values()) {
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
            onlyOneSide.add(measure.key() + (values.isEmpty() ? " (this run only)" : " (baseline only)"));
          }
          continue;
        }
        changes.put(measure.key(), counter(measure, values, measure.headline(b)));
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
      setupDifference(baseline.metadata(), now).ifPresent(setups::add);
      commits.add(baseline.metadata().path("git_commit").asText("unknown"));
      if (baseline.partial() != null) {
        warnings.add(
            "The baseline " + baseline.name() + " is of a partial run (" + baseline.partial() + ").");
      }
    }
    warnings.addAll(setups);
    if (commits.size() > 1) {
      warnings.add(
          "The baseline runs are of different commits (" + String.join(", ", commits) + "): their "
              + "spread, taken as the noise between runs, includes what those commits changed.");
    }
    List<String> distinct = onlyOneSide.stream().distinct().sorted().toList();
    if (!distinct.isEmpty()) {
      warnings.add(
          "Measured in one of the two runs only, not compared: " + String.join(", ", distinct) + ".");
    }
    return new Comparison(
        baselines, alpha, minChange, entries, added, new ArrayList<>(missing), warnings);
  }

  /**
   * Latency, judged three ways that must all agree for a change to be real: the Mann-Whitney U
   * test of the baseline runs' pooled samples against this run's (a difference beyond the spread of
   * invocations within a run), the least change, and, with two or more baseline runs, a prediction
   * interval from their medians (a difference beyond the spread between runs of one build, which
   * the samples of one JVM cannot show, and which on a shared machine is often the larger).
   */
  static Change latency(
      String name,
      List<List<Long>> beforeRuns,
      List<Long> after,
      double alpha,
      double minChange,
      double priorVariance) {
    List<Long> pooled = new ArrayList<>();
    beforeRuns.forEach(pooled::addAll);
    double[] a = toArray(pooled);
    double[] b = toArray(after);
    double medianA = median(a);
    double medianB = median(b);
    int runs = beforeRuns.size();
    double bound = runs >= 2 ? runNoiseBound(beforeRuns, alpha, priorVariance) : Double.NaN;
    Double runNoise = runs >= 2 ? (Math.exp(bound) - 1) * 100 : null;
    if (a.length < 2 || b.length < 2) {
      return new Change(
          Measure.LATENCY.key(), Verdict.NO_TEST, medianA, medianB, null, null, null, runs, runNoise);
    }
    double p = MannWhitneyUTest.withDefaults().test(a, b).getPValue();
    double[] interval = bootstrapRatioOfMedians(a, b, 1 - alpha, name.hashCode());
    double percent = medianA == 0 ? 0 : (medianB / medianA - 1) * 100;
    boolean beyondRuns =
        runs < 2 || Math.abs(Math.log(medianB) - meanLogMedian(beforeRuns)) > bound;
    Verdict verdict =
        p < alpha && Math.abs(percent) >= minChange && beyondRuns
            ? (medianB > medianA ? Verdict.WORSE : Verdict.BETTER)
            : Verdict.SAME;
    return new Change(
        Measure.LATENCY.key(), verdict, medianA, medianB, p, interval[0], interval[1], runs, runNoise);
  }

  /** Prior degrees of freedom given to the typical between-run variance (see runNoiseBound). */
  static final double PRIOR_DEGREES_OF_FREEDOM = 4;

  /**
   * How far, on a log scale either way, one more run's median may lie from the mean of the
   * baseline runs' log medians and still be one of them: the two-sided 1 - alpha prediction
   * interval t * s * sqrt(1 + 1/k). The variance s^2 is the benchmark's own (k - 1 degrees of
   * freedom) moderated towards {@code priorVariance}, the typical one of the whole baseline, which
   * counts as {@link #PRIOR_DEGREES_OF_FREEDOM} more (empirical Bayes, as limma's moderated t): with
   * two or three runs a benchmark's own spread is a poor estimate, and the other benchmarks of the
   * same runs say what spread is usual.
   */
  static double runNoiseBound(List<List<Long>> runs, double alpha, double priorVariance) {
    int k = runs.size();
    double own = logMedianVariance(runs);
    double priorDf = Double.isNaN(priorVariance) ? 0 : PRIOR_DEGREES_OF_FREEDOM;
    double prior = Double.isNaN(priorVariance) ? 0 : priorVariance;
    double df = priorDf + k - 1;
    double variance = (priorDf * prior + (k - 1) * own) / df;
    double t = TDistribution.of(df).inverseCumulativeProbability(1 - alpha / 2);
    return t * Math.sqrt(variance) * Math.sqrt(1 + 1.0 / k);
  }

  static double meanLogMedian(List<List<Long>> runs) {
    double mean = 0;
    for (List<Long> run : runs) {
      mean += Math.log(median(toArray(run))) / runs.size();
    }
    return mean;
  }

  /** The sample variance of the runs' log medians (k - 1 degrees of freedom). */
  static double logMedianVariance(List<List<Long>> runs) {
    double mean = meanLogMedian(runs);
    double squares = 0;
    for (List<Long> run : runs) {
      double log = Math.log(median(toArray(run)));
      squares += (log - mean) * (log - mean);
    }
    return squares / (runs.size() - 1);
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
        BenchResult result = baseline.results().get(now.name());
        if (result != null && result.passed() && result.latency() != null) {
          runs.add(result.samplesNanos());
        }
      }
      if (runs.size() >= 2) {
        variances.add(logMedianVariance(runs));
      }
    }
    if (variances.isEmpty()) {
      return Double.NaN;
    }
    return median(variances.stream().mapToDouble(Double::doubleValue).toArray());
  }

  static Change counter(Measure measure, double before, double after) {
    return counter(measure, List.of(before), after);
  }

  /**
   * A counter: real beyond its tolerance, or beyond the spread of the baseline runs' values when
   * that is wider (a counter less exact than it looks shows it there).
   */
  static Change counter(Measure measure, List<Double> beforeRuns, double after) {
    Tolerance tolerance = tolerance(measure);
    double before = 0;
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (double value : beforeRuns) {
      before += value / beforeRuns.size();
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
    double relative = tolerance.relative();
    if (beforeRuns.size() > 1 && before != 0) {
      relative = Math.max(relative, (high - low) / Math.abs(before));
    }
    double difference = Math.abs(after - before);
    boolean same =
        difference <= tolerance.absolute()
            || (before != 0 && difference / Math.abs(before) <= relative);
    Verdict verdict = same ? Verdict.SAME : after > before ? Verdict.WORSE : Verdict.BETTER;
    return new Change(
        measure.key(), verdict, before, after, null, null, null, beforeRuns.size(), null);
  }

  /**
   * How far each counter may move between two runs of the same build and still be the same. Lance's
   * scan statistics are exact on the same data; the OS counters are process-wide (a stray log line,
   * surefire's channel), so they get a little room, write calls more; peak memory depends on the
   * allocator's timing.
   */
  static Tolerance tolerance(Measure measure) {
    switch (measure) {
      case READ_IOPS:
      case READ_BYTES:
      case WRITE_IOPS:
      case WRITE_BYTES:
        return new Tolerance(0.001, 0);
      case OS_READ_SYSCALLS:
        // a few calls either way are the process's own background (seen: 1 against 3.4 per
        // invocation of a count_rows benchmark in two runs of one build)
        return new Tolerance(0.02, 4);
      case OS_WRITE_SYSCALLS:
        // Lance's threads wake each other by writing to an eventfd, and those writes count: two
        // runs of one build differed by up to 24 %, or 5 or 6 calls, here (bytes barely move: 8
        // per wake-up)
        return new Tolerance(0.25, 8);
      case OS_READ_BYTES:
      case OS_WRITE_BYTES:
        return new Tolerance(0.02, 4096);
      case OS_STORAGE_READ_BYTES:
        return new Tolerance(0.05, 64 * 1024);
      case TOTAL_ALLOCATIONS:
        return new Tolerance(0.02, 2);
      case PEAK_MEMORY_BYTES:
        return new Tolerance(0.05, 64 * 1024);
      case JVM_ALLOCATED_BYTES:
        return new Tolerance(0.05, 64 * 1024);
      default:
        return new Tolerance(0.001, 0);
    }
  }

  /**
   * A percentile bootstrap interval of median(after) / median(before): both samples resampled with
   * replacement, seeded by the benchmark's name so that a report is the same every time.
   */
  static double[] bootstrapRatioOfMedians(double[] before, double[] after, double level, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] ratios = new double[BOOTSTRAP_RESAMPLES];
    double[] a = new double[before.length];
    double[] b = new double[after.length];
    for (int i = 0; i < ratios.length; i++) {
      for (int j = 0; j < a.length; j++) {
        a[j] = before[random.nextInt(before.length)];
      }
      for (int j = 0; j < b.length; j++) {
        b[j] = after[random.nextInt(after.length)];
      }
      double medianA = median(a);
      ratios[i] = medianA == 0 ? 1 : median(b) / medianA;
    }
    Arrays.sort(ratios);
    double tail = (1 - level) / 2;
    int low = (int) Math.floor(tail * (ratios.length - 1));
    int high = (int) Math.ceil((1 - tail) * (ratios.length - 1));
    return new double[] {ratios[low], ratios[high]};
  }

  private static double[] toArray(List<Long> samples) {
    double[] values = new double[samples.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = samples.get(i);
    }
    return values;
  }

  /** The median, as jmh's statistics (and so the table) compute it. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * One line when the two runs were made on different setups; comparing two lance-core versions is
   * a purpose, so it is said, not refused.
   */
  static Optional<String> setupDifference(JsonNode before, JsonNode after) {
    List<String> differences = new ArrayList<>();
    for (String key : List.of("lance_core_version", "cores", "jvm", "os", "default_sizes")) {
      String a = before.path(key).asText("");
      String b = after.path(key).asText("");
      if (!a.isEmpty() && !b.isEmpty() && !a.equals(b)) {
        differences.add(key + " " + a + " -> " + b);
      }
    }
    Map<String, String> rowsBefore = datasetRows(before);
    Map<String, String> rowsAfter = datasetRows(after);
    rowsAfter.forEach(
        (name, rows) -> {
          String was = rowsBefore.get(name);
          if (was != null && !was.equals(rows)) {
            differences.add("dataset " + name + " rows " + was + " -> " + rows);
          }
        });
    return differences.isEmpty()
        ? Optional.empty()
        : Optional.of(
            "The baseline was measured on another setup (" + String.join("; ", differences)
                + "): the deltas include that difference.");
  }

  private static Map<String, String> datasetRows(JsonNode metadata) {
    Map<String, String> rows = new LinkedHashMap<>();
    metadata
        .path("datasets")
        .fields()
        .forEachRemaining(e -> {
          if (e.getValue().has("rows")) {
            rows.put(e.getKey(), e.getValue().get("rows").asText());
          }
        });
    return rows;
  }

  /** The baseline runs, in the order given. */
  public List<Baseline> baselines() {
    return baselines;
  }

  /** What the reports call the baseline: its name, or the names of its runs. */
  public String describe() {
    if (baselines.size() == 1) {
      return baselines.get(0).describe();
    }
    return baselines.stream().map(Baseline::name).collect(java.util.stream.Collectors.joining(", "))
        + " (" + baselines.size() + " runs; the first " + baselines.get(0).describe() + ")";
  }

  /** The benchmark's result in each baseline run that has it passed. */
  public List<BenchResult> before(String name) {
    List<BenchResult> found = new ArrayList<>();
    for (Baseline baseline : baselines) {
      BenchResult result = baseline.results().get(name);
      if (result != null && result.passed() && result.latency() != null) {
        found.add(result);
      }
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

  /** For the legend: how latency changes were judged. */
  public String method() {
    String runs =
        baselines.size() == 1
            ? "; the baseline is one run, so how much runs of one build differ is not known (save "
                + "several runs and compare with all of them: -Dbench.compare=a,b,c)"
            : "; and beyond the spread of the " + baselines.size() + " baseline runs' medians (a "
                + trim(100 * (1 - alpha)) + " % prediction interval, each benchmark's spread "
                + "moderated towards the typical one)";
    return String.format(
        Locale.ROOT,
        "latency: a two-sided Mann-Whitney U test of the samples, real when p < %s and the medians "
            + "differ by at least %s %%%s; counters: real beyond a small tolerance",
        trim(alpha),
        trim(minChange),
        runs);
  }

  static String trim(double value) {
    return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }
}
