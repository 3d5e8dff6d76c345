package dev.lancebench.measuring;

import java.util.List;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Statistics over the wall times of the measured invocations, in nanoseconds, computed by
 * jmh-core's {@link ListStatistics}. The 99.9 % confidence interval of the mean is present only
 * when there are enough samples for it to be finite (two or more).
 */
public record TimingStatistics(
    long n,
    double min,
    double median,
    double mean,
    double max,
    double stddev,
    double p90,
    double p99,
    Double ci999Lower,
    Double ci999Upper) {

  public static TimingStatistics of(List<Long> samplesNanos) {
    if (samplesNanos.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    ListStatistics stats = new ListStatistics();
    for (long sample : samplesNanos) {
      stats.addValue(sample);
    }
    Double lower = null;
    Double upper = null;
    if (stats.getN() >= 2) {
      double[] ci = stats.getConfidenceIntervalAt(0.999);
      if (Double.isFinite(ci[0]) && Double.isFinite(ci[1])) {
        lower = ci[0];
        upper = ci[1];
      }
    }
    return new TimingStatistics(
        stats.getN(),
        stats.getMin(),
        stats.getPercentile(50),
        stats.getMean(),
        stats.getMax(),
        stats.getN() >= 2 ? stats.getStandardDeviation() : 0.0,
        stats.getPercentile(90),
        stats.getPercentile(99),
        lower,
        upper);
  }
}
