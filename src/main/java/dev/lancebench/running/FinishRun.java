package dev.lancebench.running;

import dev.lancebench.reporting.Baseline;
import dev.lancebench.reporting.ReportWriter;
import dev.lancebench.reporting.RunReport;
import dev.lancebench.reporting.RunJournal;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Finishes the reports of a run whose JVM died, when no JVM of the run comes after it: the fork
 * script ({@code src/main/sh/fork/bin/java}) runs this with what the dead JVM left in {@code
 * BENCH_FORKS/<launcher pid>.run}, and the reports then carry its benchmark as failed.
 */
public final class FinishRun {
  private FinishRun() {}

  /** Leaves where this JVM's run writes, for the fork script that started it. */
  static void leaveForTheLauncher(RunConfig config) {
    String forks = System.getenv(ForkExits.ENVIRONMENT);
    if (forks == null || forks.isBlank() || ProcessHandle.current().parent().isEmpty()) {
      return;
    }
    Properties run = new Properties();
    run.setProperty("out", config.outputDir().toAbsolutePath().toString());
    run.setProperty("bmf", config.bmfFile().toAbsolutePath().toString());
    run.setProperty("results", config.resultsFile().toAbsolutePath().toString());
    run.setProperty("html", config.htmlFile().toAbsolutePath().toString());
    run.setProperty("run_id", config.runId());
    // the baseline this run saves and the ones it compares with (the run's copies of them), so
    // that a run whose last JVM died still saves all it measured
    RunConfig.Baselines baselines = config.baselines();
    baselines.saveName().ifPresent(name -> run.setProperty("save_name", name));
    baselines.saveFile().ifPresent(f -> run.setProperty("save_file", f.toAbsolutePath().toString()));
    List<String> sources = new java.util.ArrayList<>();
    List<String> copies = new java.util.ArrayList<>();
    for (int i = 0; i < baselines.compareFiles().size(); i++) {
      sources.add(baselines.compareFiles().get(i).toAbsolutePath().toString());
      copies.add(RunSession.copyOfBaseline(config, i).toAbsolutePath().toString());
    }
    if (!copies.isEmpty()) {
      run.setProperty("compare_sources", String.join(java.io.File.pathSeparator, sources));
      run.setProperty("compare_copies", String.join(java.io.File.pathSeparator, copies));
      run.setProperty("alpha", Double.toString(baselines.alpha()));
      run.setProperty("min_change", Double.toString(baselines.minChange()));
    }
    Path file = Path.of(forks, ProcessHandle.current().parent().get().pid() + ".run");
    try {
      Files.createDirectories(file.getParent());
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        run.store(out, "the run of the benchmark JVM this launcher started");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file, e);
    }
  }

  /** This JVM wrote its reports itself: nothing for the launcher to finish. */
  static void reportsWritten() {
    String forks = System.getenv(ForkExits.ENVIRONMENT);
    if (forks == null || forks.isBlank() || ProcessHandle.current().parent().isEmpty()) {
      return;
    }
    try {
      Files.deleteIfExists(Path.of(forks, ProcessHandle.current().parent().get().pid() + ".run"));
    } catch (IOException e) {
      // the launcher would rebuild the same reports from the same journal: harmless
    }
  }

  public static void main(String[] args) throws IOException {
    Properties run = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
      run.load(in);
    }
    Path out = Path.of(run.getProperty("out"));
    Path bmf = Path.of(run.getProperty("bmf"));
    Path results = Path.of(run.getProperty("results"));
    Path html = run.getProperty("html") == null ? null : Path.of(run.getProperty("html"));
    RunJournal journal = RunJournal.open(out, run.getProperty("run_id"), List.of());
    PrintStream console = System.err; // the launcher's standard output is surefire's channel
    RunReport report = JournalReports.build(journal.read(), out, null);
    List<Baseline> compared = new java.util.ArrayList<>();
    if (run.getProperty("compare_copies") != null) {
      String[] sources = run.getProperty("compare_sources").split(java.io.File.pathSeparator);
      String[] copies = run.getProperty("compare_copies").split(java.io.File.pathSeparator);
      for (int i = 0; i < copies.length; i++) {
        try {
          compared.add(Baseline.loadAs(Path.of(copies[i]), Path.of(sources[i])));
        } catch (Baseline.BaselineException e) {
          console.println("lance-bench: the comparison was not made: " + e.getMessage());
          compared.clear();
          break;
        }
      }
    }
    if (!compared.isEmpty()) {
      report =
          report.comparedWith(
              compared,
              Double.parseDouble(run.getProperty("alpha")),
              Double.parseDouble(run.getProperty("min_change")));
    }
    ReportWriter writer = new ReportWriter(bmf, results, html, console, false);
    if (run.getProperty("save_file") != null) {
      writer.savingBaseline(run.getProperty("save_name"), Path.of(run.getProperty("save_file")));
    }
    List<String> problems = writer.writeAll(report);
    problems.forEach(console::println);
    System.exit(problems.isEmpty() ? 0 : 1);
  }
}
