package dev.lancebench.reporting;

import dev.lancebench.measuring.BenchResult;
import java.util.List;

/** The finished run, handed to every {@link ResultFormat}. */
public record RunReport(RunMetadata metadata, List<BenchResult> results, List<String> notes) {
  public RunReport {
    results = List.copyOf(results);
    notes = List.copyOf(notes);
  }
}
