package dev.lancebench.reporting;

import dev.lancebench.measuring.BenchResult;
import java.util.List;

/**
 * The finished run, handed to every {@link ResultFormat}. {@code partial} says why the run is not
 * complete (interrupted, or a JVM of it died), or is null.
 */
public record RunReport(
    RunMetadata metadata, List<BenchResult> results, List<String> notes, String partial) {
  public RunReport {
    results = List.copyOf(results);
    notes = List.copyOf(notes);
  }
}
