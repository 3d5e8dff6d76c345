package dev.lancebench.reporting;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the end-of-run outputs: the table to the console; bmf.json, results.json, the HTML report
 * and (with {@code -Dbench.save}) the baseline to disk. Each file is written to a temporary file
 * beside it and renamed into place, so a reader never sees half a file. A file that cannot be
 * written does not stop the others; the problems are returned.
 */
public final class ReportWriter {
  private final ReportPlan plan;
  private final PrintStream console;

  /** Writes what {@code plan} names, the table to {@code console} when it asks for one. */
  public ReportWriter(ReportPlan plan, PrintStream console) {
    this.plan = plan;
    this.console = console;
  }

  /** Writes everything it can; returns one message per output that failed (empty when all went). */
  public List<String> writeAll(RunReport report) {
    List<String> problems = new ArrayList<>();
    boolean printTable = plan.printTable();
    if (printTable) {
      try {
        new TableFormat(plan.colour()).write(report, console);
      } catch (IOException | RuntimeException e) {
        problems.add("printing the summary table failed: " + e);
      }
    }
    boolean bmfWritten =
        plan.bmfFile()
            .filter(f -> write(new BmfFormat(), report, f, RunOutputs.BMF_SETTING, problems))
            .isPresent();
    boolean resultsWritten =
        plan.resultsFile()
            .filter(
                f ->
                    write(new ResultsJsonFormat(), report, f, RunOutputs.RESULTS_SETTING, problems))
            .isPresent();
    // what each case cost, beside results.json: a later run plans shards and its cost from it
    boolean durationsWritten =
        !report.caseTimes().isEmpty()
            && plan.resultsFile()
                .filter(
                    f ->
                        write(
                            (r, out) -> Durations.of(r).write(out),
                            report,
                            durationsFile(f),
                            RunOutputs.RESULTS_SETTING,
                            problems))
                .isPresent();
    boolean htmlWritten =
        plan.htmlFile()
            .filter(f -> write(new HtmlFormat(), report, f, RunOutputs.HTML_SETTING, problems))
            .isPresent();
    boolean saved = false;
    if (plan.saveFile().isPresent()) {
      Path saveFile = plan.saveFile().get();
      try {
        Baseline.save(report, plan.saveName().orElseThrow(), saveFile);
        saved = true;
      } catch (IOException | RuntimeException e) {
        problems.add(
            "Could not save the baseline "
                + saveFile.toAbsolutePath()
                + " ("
                + e
                + "). Make its "
                + "folder writable or choose another with -Dbench.baselines=DIR.");
      }
    }
    if (printTable) {
      if (bmfWritten) {
        console.println("BMF:     " + plan.bmfFile().get().toAbsolutePath());
      }
      if (resultsWritten) {
        console.println("Results: " + plan.resultsFile().get().toAbsolutePath());
      }
      if (durationsWritten) {
        console.println("Timings: " + durationsFile(plan.resultsFile().get()).toAbsolutePath());
      }
      if (htmlWritten) {
        console.println("Report:  " + plan.htmlFile().get().toAbsolutePath());
      }
      if (saved) {
        String name = plan.saveName().get();
        console.println(
            "Baseline '"
                + name
                + "' saved: "
                + plan.saveFile().get().toAbsolutePath()
                + " (compare a later run with -Dbench.compare="
                + name
                + ")");
      }
      report
          .metadata()
          .profiled()
          .ifPresent(
              events -> {
                for (var result : report.results()) {
                  if (result.profile() != null) {
                    console.println("Profile (" + events + "): " + result.profile());
                  }
                }
              });
      console.flush();
    }
    return problems;
  }

  /** The durations file written beside {@code resultsFile}. */
  public static Path durationsFile(Path resultsFile) {
    return resultsFile.toAbsolutePath().resolveSibling(Durations.FILE);
  }

  private static boolean write(
      ResultFormat format, RunReport report, Path target, String setting, List<String> problems) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      format.write(report, bytes);
      writeAtomically(target, bytes.toByteArray());
      return true;
    } catch (IOException | RuntimeException e) {
      problems.add(
          "Could not write "
              + target.toAbsolutePath()
              + " ("
              + e
              + "). Make its folder writable or choose another path with -D"
              + setting
              + "=PATH.");
      return false;
    }
  }

  static void writeAtomically(Path target, byte[] content) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, absolute.getFileName().toString(), ".tmp");
    try {
      Files.write(temp, content);
      try {
        Files.move(
            temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Names of the settings that choose the output paths, for error messages. */
  public static final class RunOutputs {
    public static final String BMF_SETTING = "bench.bmf";
    public static final String RESULTS_SETTING = "bench.results";
    public static final String HTML_SETTING = "bench.html";

    private RunOutputs() {}
  }
}
