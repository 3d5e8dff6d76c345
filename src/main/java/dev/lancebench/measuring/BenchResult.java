package dev.lancebench.measuring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one result of one benchmark, made once after it ran: its stable name, its outcome (and why,
 * when it did not pass), the settings it was planned with, what was measured (null when it failed
 * or was skipped before measuring), numbers the benchmark derived from its measurement, and the
 * path of its profile when the run was profiled (else null).
 */
public record BenchResult(
    String name,
    Status status,
    String failure,
    MeasurementSettings planned,
    Measured measured,
    Map<String, Double> extras,
    String profile) {

  public enum Status {
    PASSED,
    FAILED,
    /** An assumption did not hold (e.g. a dataset that exists only on Google Cloud). */
    SKIPPED
  }

  public BenchResult {
    extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
  }

  /** A benchmark that failed or was skipped before anything was measured. */
  public static BenchResult unmeasured(
      String name, Status status, MeasurementSettings planned, String why) {
    return new BenchResult(name, status, why, planned, null, Map.of(), null);
  }

  public boolean passed() {
    return status == Status.PASSED;
  }

  public int warmup() {
    return planned.warmup();
  }

  /** The rounds measured (more than planned when a minimum time asked for them). */
  public int rounds() {
    return measured == null ? planned.rounds() : measured.rounds();
  }

  public int iterations() {
    return measured == null ? planned.iterations() : measured.iterations();
  }

  public List<Long> samplesNanos() {
    return measured == null ? List.of() : measured.samplesNanos();
  }

  /** Null when nothing was measured. */
  public TimingStatistics latency() {
    return measured == null ? null : measured.latency();
  }

  public Map<Measure, MeasureSummary> measures() {
    return measured == null ? Map.of() : measured.measures();
  }

  public Map<String, MeasureSummary> details() {
    return measured == null ? Map.of() : measured.details();
  }

  public Map<String, String> unavailable() {
    return measured == null ? Map.of() : measured.unavailable();
  }
}
