package dev.lancebench.reporting;

import dev.lancebench.measuring.BenchResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The finished run, handed to every {@link ResultFormat}. {@code partial} says why the run is not
 * complete (interrupted, or a JVM of it died), or is null; {@code comparison} is this run against a
 * baseline ({@code -Dbench.compare}), or null; {@code caseTimes} what each case cost the run (its
 * wall time and datasets), by benchmark name, where the journal recorded it.
 */
public record RunReport(
    RunMetadata metadata,
    List<BenchResult> results,
    List<String> notes,
    String partial,
    Comparison comparison,
    Map<String, CaseTime> caseTimes) {
  public RunReport {
    results = List.copyOf(results);
    notes = List.copyOf(notes);
    caseTimes = Collections.unmodifiableMap(new LinkedHashMap<>(caseTimes));
  }

  public RunReport(
      RunMetadata metadata, List<BenchResult> results, List<String> notes, String partial) {
    this(metadata, results, notes, partial, null, Map.of());
  }

  /** The run with what each case cost it. */
  public RunReport withCaseTimes(Map<String, CaseTime> times) {
    return new RunReport(metadata, results, notes, partial, comparison, times);
  }

  /** The same run with a comparison made elsewhere (an A/B's trials). */
  public RunReport withComparison(Comparison made) {
    return new RunReport(metadata, results, notes, partial, made, caseTimes);
  }

  /** The same run compared with a baseline. */
  public RunReport comparedWith(Baseline baseline, double alpha, double minChange) {
    return comparedWith(List.of(baseline), alpha, minChange);
  }

  /** The same run compared with one or more baseline runs. */
  public RunReport comparedWith(List<Baseline> baselines, double alpha, double minChange) {
    return new RunReport(
        metadata,
        results,
        notes,
        partial,
        Comparison.of(this, baselines, alpha, minChange),
        caseTimes);
  }

  public Optional<Comparison> compared() {
    return Optional.ofNullable(comparison);
  }
}
