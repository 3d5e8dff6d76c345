package dev.lancebench.measuring;

import java.util.List;
import java.util.Map;

/**
 * Everything measured for one benchmark: its stable name, the settings it ran with, the timing
 * statistics and the per-invocation summary of every measure that was measured. A measure that was
 * not measured is absent from {@code measures}; {@code unavailable} says why, per source.
 */
public record BenchmarkResult(
    String name,
    Status status,
    String failure,
    int warmup,
    int rounds,
    int iterations,
    List<Long> samplesNanos,
    TimingStatistics latency,
    Map<Measure, MeasureSummary> measures,
    Map<String, MeasureSummary> details,
    Map<String, String> unavailable) {

  public enum Status {
    PASSED,
    FAILED
  }

  public boolean passed() {
    return status == Status.PASSED;
  }

  /** The same result, marked failed: a check after the measurement failed or the run threw. */
  public BenchmarkResult failed(String why) {
    return new BenchmarkResult(
        name,
        Status.FAILED,
        why,
        warmup,
        rounds,
        iterations,
        samplesNanos,
        latency,
        measures,
        details,
        unavailable);
  }

  /** A benchmark that failed before anything was measured. */
  public static BenchmarkResult failedBeforeMeasuring(
      String name, int warmup, int rounds, int iterations, String why) {
    return new BenchmarkResult(
        name,
        Status.FAILED,
        why,
        warmup,
        rounds,
        iterations,
        List.of(),
        null,
        Map.of(),
        Map.of(),
        Map.of());
  }
}
