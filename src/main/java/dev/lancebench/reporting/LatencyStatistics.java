package dev.lancebench.reporting;

import dev.lancebench.measuring.Measure;
import dev.lancebench.reporting.Comparison.Change;
import dev.lancebench.reporting.Comparison.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.TDistribution;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.openjdk.jmh.util.ListStatistics;

/**
 * The latency verdict of a comparison: a two-sided Mann-Whitney U test of the samples (Apache
 * Commons Statistics), the least change that counts, and with several baseline runs a prediction
 * interval of their medians; the ratio of medians gets a bootstrap interval. Pure functions of the
 * samples, tested on fixed ones.
 */
final class LatencyStatistics {
  private static final int BOOTSTRAP_RESAMPLES = 1000;

  private LatencyStatistics() {}

  /**
   * Latency, judged three ways that must all agree for a change to be real: the Mann-Whitney U test
   * of the baseline runs' pooled samples against this run's (a difference beyond the spread of
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
    return judged(Measure.LATENCY.key(), name, beforeRuns, after, alpha, minChange, priorVariance);
  }

  /** The same judgement of another timed measure's samples (CPU time per round). */
  static Change judged(
      String measure,
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
          measure, Verdict.NO_TEST, medianA, medianB, null, null, null, runs, runNoise);
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
        measure, verdict, medianA, medianB, p, interval[0], interval[1], runs, runNoise);
  }

  /** The power at which {@link #trials} states the smallest change it detects. */
  static final double POWER = 0.8;

  /**
   * Side B's trials against side A's, one value per trial (a trial's median latency, or its CPU
   * time per invocation): on a log scale, the difference of the sides' means, its standard error
   * from the spread between trials (pooled over both sides, moderated towards {@code
   * priorVariance}, the typical one of all benchmarks of the same trials, as {@link #runNoiseBound}
   * does), a two-sided t-test at {@code alpha} and the 1 - alpha interval of the ratio. A change is
   * real when the test rejects "no change" and it is at least {@code minChange} percent. With fewer
   * than two trials a side there is no spread to judge by: no test.
   *
   * <p>{@code detectablePercent} is the smallest change these trials find with probability {@link
   * #POWER} at this level: exp((t(1 - alpha/2) + t(power)) * standard error) - 1, the usual minimum
   * detectable effect of a two-sample t-test.
   */
  static Change trials(
      String measure,
      double[] a,
      double[] b,
      double alpha,
      double minChange,
      double priorVariance) {
    double geoA = Math.exp(meanLog(a));
    double geoB = Math.exp(meanLog(b));
    if (a.length < 2 || b.length < 2) {
      return new Change(
          measure, Verdict.NO_TEST, geoA, geoB, null, null, null, a.length, null, b.length, null);
    }
    double own = pooledLogVariance(a, b);
    int ownDf = a.length + b.length - 2;
    double priorDf = Double.isNaN(priorVariance) ? 0 : PRIOR_DEGREES_OF_FREEDOM;
    double df = priorDf + ownDf;
    double variance =
        ((Double.isNaN(priorVariance) ? 0 : priorDf * priorVariance) + ownDf * own) / df;
    double se = Math.sqrt(variance * (1.0 / a.length + 1.0 / b.length));
    double difference = meanLog(b) - meanLog(a);
    TDistribution t = TDistribution.of(df);
    double critical = t.inverseCumulativeProbability(1 - alpha / 2);
    double p =
        se == 0 ? (difference == 0 ? 1 : 0) : 2 * t.survivalProbability(Math.abs(difference) / se);
    double percent = (Math.exp(difference) - 1) * 100;
    Verdict verdict =
        p < alpha && Math.abs(percent) >= minChange
            ? (difference > 0 ? Verdict.WORSE : Verdict.BETTER)
            : Verdict.SAME;
    double detectable =
        (Math.exp((critical + t.inverseCumulativeProbability(POWER)) * se) - 1) * 100;
    return new Change(
        measure,
        verdict,
        geoA,
        geoB,
        p,
        Math.exp(difference - critical * se),
        Math.exp(difference + critical * se),
        a.length,
        null,
        b.length,
        detectable);
  }

  /** The variance of the logs within each side, pooled ({@code a.length + b.length - 2} df). */
  static double pooledLogVariance(double[] a, double[] b) {
    return (squares(a) + squares(b)) / (a.length + b.length - 2);
  }

  private static double squares(double[] values) {
    double mean = meanLog(values);
    double sum = 0;
    for (double v : values) {
      sum += (Math.log(v) - mean) * (Math.log(v) - mean);
    }
    return sum;
  }

  static double meanLog(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += Math.log(v);
    }
    return sum / values.length;
  }

  /** For the legend: how an A/B's trials were judged. */
  static String trialsMethod(double alpha, double minChange) {
    return String.format(
        Locale.ROOT,
        "each side's trials (a trial: every selected benchmark in fresh JVMs, the sides interleaved)"
            + " give one median per benchmark; B against A is a two-sided t-test of their logs, the"
            + " spread between trials pooled over both sides and moderated towards the typical one,"
            + " real when p < %s and the change is at least %s %%; the interval is the ratio's %s %%"
            + " confidence interval; \"detects\" is the smallest change these trials find with %s %%"
            + " power; counters: real beyond a small tolerance",
        Units.trim(alpha),
        Units.trim(minChange),
        Units.trim(100 * (1 - alpha)),
        Units.trim(100 * POWER));
  }

  /** Prior degrees of freedom given to the typical between-run variance (see runNoiseBound). */
  static final double PRIOR_DEGREES_OF_FREEDOM = 4;

  /**
   * How far, on a log scale either way, one more run's median may lie from the mean of the baseline
   * runs' log medians and still be one of them: the two-sided 1 - alpha prediction interval t * s *
   * sqrt(1 + 1/k). The variance s^2 is the benchmark's own (k - 1 degrees of freedom) moderated
   * towards {@code priorVariance}, the typical one of the whole baseline, which counts as {@link
   * #PRIOR_DEGREES_OF_FREEDOM} more (empirical Bayes, as limma's moderated t): with two or three
   * runs a benchmark's own spread is a poor estimate, and the other benchmarks of the same runs say
   * what spread is usual.
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
   * A percentile bootstrap interval of median(after) / median(before): both samples resampled with
   * replacement, seeded by the benchmark's name so that a report is the same every time.
   */
  static double[] bootstrapRatioOfMedians(
      double[] before, double[] after, double level, long seed) {
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

  static double[] toArray(List<Long> samples) {
    double[] values = new double[samples.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = samples.get(i);
    }
    return values;
  }

  /** The median, by jmh's statistics, as the table computes it; NaN of nothing. */
  static double median(double[] values) {
    return values.length == 0 ? Double.NaN : new ListStatistics(values).getPercentile(50);
  }

  /** For the legend: how latency changes were judged, against {@code baselineRuns} runs. */
  static String method(double alpha, double minChange, int baselineRuns) {
    String runs =
        baselineRuns == 1
            ? "; the baseline is one run, so how much runs of one build differ is not known (save "
                + "several runs and compare with all of them: -Dbench.compare=a,b,c)"
            : "; and beyond the spread of the "
                + baselineRuns
                + " baseline runs' medians (a "
                + Units.trim(100 * (1 - alpha))
                + " % prediction interval, each benchmark's spread "
                + "moderated towards the typical one)";
    return String.format(
        Locale.ROOT,
        "latency: a two-sided Mann-Whitney U test of the samples, real when p < %s and the medians "
            + "differ by at least %s %%%s; counters: real beyond a small tolerance",
        Units.trim(alpha),
        Units.trim(minChange),
        runs);
  }
}
