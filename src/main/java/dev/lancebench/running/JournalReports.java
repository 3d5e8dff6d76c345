package dev.lancebench.running;

import dev.lancebench.measuring.BenchResult;
import dev.lancebench.measuring.MeasurementSettings;
import dev.lancebench.reporting.RunJournal;
import dev.lancebench.reporting.RunMetadata;
import dev.lancebench.reporting.RunReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run's report, from its journal: every JVM's results, and a failed result for each benchmark
 * whose JVM died in it (or, with {@code interrupted}, that this JVM was running when stopped).
 */
final class JournalReports {
  /** A benchmark found only in the journal (its JVM died) has no settings on record. */
  private static final MeasurementSettings UNKNOWN_SETTINGS = new MeasurementSettings(0, 1, 1);

  static final String LOCATION = "dataset_location";
  static final String DECIDED_BY = "dataset_location_decided_by";
  static final String SEED = "seed";
  static final String SHARD = "shard";
  static final String PROFILED = "profiled";
  static final String PROFILED_IN_BMF = "profiled_in_bmf";
  static final String INJECTED_SLOWDOWN = "injected_slowdown";
  static final String TRIAL = "trial";

  private JournalReports() {}

  @SuppressWarnings("unchecked")
  private static Map<String, Object> trial(Object fact) {
    return fact instanceof Map ? (Map<String, Object>) fact : Map.of();
  }

  static RunReport build(RunJournal.Contents contents, Path outputDir, String interrupted) {
    List<BenchResult> results = new ArrayList<>(contents.results());
    List<String> partial = new ArrayList<>();
    if (interrupted != null) {
      partial.add(interrupted);
    }
    long self = ProcessHandle.current().pid();
    for (RunJournal.Unfinished open : contents.unfinished()) {
      String why;
      if (open.pid() == self) {
        why =
            interrupted != null
                ? "interrupted: " + interrupted
                : "did not finish in this JVM (its result was never recorded)";
      } else if (ProcessHandle.of(open.pid()).map(ProcessHandle::isAlive).orElse(false)) {
        continue; // another JVM of the run is still measuring it
      } else {
        why = ForkExits.describeDeath(outputDir, open.pid(), open.parentPid());
        partial.add("the JVM running " + open.name() + " died");
      }
      results.add(
          BenchResult.unmeasured(open.name(), BenchResult.Status.FAILED, UNKNOWN_SETTINGS, why));
    }
    Map<String, Object> facts = contents.session();
    return new RunReport(
            RunMetadata.collect(
                contents.started(),
                String.valueOf(facts.getOrDefault(LOCATION, "(no dataset used)")),
                String.valueOf(facts.getOrDefault(DECIDED_BY, "")),
                facts.get(SEED) instanceof Number ? ((Number) facts.get(SEED)).longValue() : 0L,
                contents.datasets(),
                Optional.ofNullable(facts.get(PROFILED)).map(String::valueOf),
                Boolean.TRUE.equals(facts.get(PROFILED_IN_BMF)),
                facts.get(INJECTED_SLOWDOWN) instanceof Number
                    ? ((Number) facts.get(INJECTED_SLOWDOWN)).doubleValue()
                    : 0,
                trial(facts.get(TRIAL))),
            results,
            contents.notes(),
            partial.isEmpty() ? null : String.join("; ", partial))
        .withCaseTimes(contents.caseTimes());
  }
}
