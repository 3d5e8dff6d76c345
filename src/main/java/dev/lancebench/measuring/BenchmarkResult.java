package dev.lancebench.measuring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything measured for one benchmark: its stable name, the settings it ran with, the timing
 * statistics and the per-invocation summary of every measure that was measured. A measure that was
 * not measured is absent from {@code measures}; {@code unavailable} says why, per source. {@code
 * extras} are numbers the benchmark derived from its own measurement (e.g. a ratio).
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
    Map<String, String> unavailable,
    Map<String, Double> extras) {

  public enum Status {
    PASSED,
    FAILED,
    /** An assumption did not hold (e.g. a dataset that exists only on Google Cloud). */
    SKIPPED
  }

  public boolean passed() {
    return status == Status.PASSED;
  }

  /** The same result with another status and reason. */
  public BenchmarkResult withStatus(Status newStatus, String why) {
    return new BenchmarkResult(
        name,
        newStatus,
        why,
        warmup,
        rounds,
        iterations,
        samplesNanos,
        latency,
        measures,
        details,
        unavailable,
        extras);
  }

  /** The same result with one more derived number. */
  public BenchmarkResult withExtra(String key, double value) {
    Map<String, Double> more = new LinkedHashMap<>(extras);
    more.put(key, value);
    return new BenchmarkResult(
        name,
        status,
        failure,
        warmup,
        rounds,
        iterations,
        samplesNanos,
        latency,
        measures,
        details,
        unavailable,
        Map.copyOf(more));
  }

  /** A benchmark that failed or was skipped before anything was measured. */
  public static BenchmarkResult unmeasured(
      String name, Status status, int warmup, int rounds, int iterations, String why) {
    return new BenchmarkResult(
        name,
        status,
        why,
        warmup,
        rounds,
        iterations,
        List.of(),
        null,
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of());
  }
}
