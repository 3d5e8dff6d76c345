package dev.lancebench.running;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lancebench.reporting.ReportPipeline;
import dev.lancebench.reporting.ReportPlan;
import dev.lancebench.reporting.RunJournal;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finishes the reports of a run whose JVM died, when no JVM of the run comes after it: the fork
 * script ({@code src/main/sh/fork/bin/java}) runs this with what the dead JVM left in {@code
 * BENCH_FORKS/<launcher pid>.run} — the run's journal and its {@link ReportPlan} — and the reports
 * then carry its benchmark as failed. The same pipeline as a JVM's own close, without the table.
 */
public final class FinishRun {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private FinishRun() {}

  /** The file the fork script that started this JVM looks for, when there is such a script. */
  private static Optional<Path> launcherFile() {
    String forks = System.getenv(ForkExits.ENVIRONMENT);
    if (forks == null || forks.isBlank()) {
      return Optional.empty();
    }
    return ProcessHandle.current().parent().map(p -> Path.of(forks, p.pid() + ".run"));
  }

  /** Leaves the run's journal and report plan for the fork script that started this JVM. */
  static void leaveForTheLauncher(RunConfig config) {
    Optional<Path> file = launcherFile();
    if (file.isEmpty()) {
      return;
    }
    ObjectNode run = MAPPER.createObjectNode();
    run.put("journal_folder", config.outputDir().toAbsolutePath().toString());
    run.put("run_id", config.runId());
    run.set("plan", config.reportPlan().withoutTable().toJson());
    try {
      Files.createDirectories(file.get().getParent());
      Files.write(file.get(), MAPPER.writeValueAsBytes(run));
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file.get(), e);
    }
  }

  /** This JVM wrote its reports itself: nothing for the launcher to finish. */
  static void reportsWritten() {
    try {
      if (launcherFile().isPresent()) {
        Files.deleteIfExists(launcherFile().get());
      }
    } catch (IOException e) {
      // the launcher would rebuild the same reports from the same journal: harmless
    }
  }

  public static void main(String[] args) throws IOException {
    JsonNode run = MAPPER.readTree(Path.of(args[0]).toFile());
    Path folder = Path.of(run.path("journal_folder").asText());
    RunJournal journal = RunJournal.open(folder, run.path("run_id").asText(), List.of());
    PrintStream console = System.err; // the launcher's standard output is surefire's channel
    ReportPipeline.Outcome outcome =
        ReportPipeline.finish(
            JournalReports.build(journal.read(), folder, null),
            ReportPlan.fromJson(run.path("plan")),
            console,
            name -> false); // the dead JVM's benchmark failed already; the gate is its JVM's
    outcome.problems().forEach(console::println);
    System.exit(outcome.problems().isEmpty() ? 0 : 1);
  }
}
