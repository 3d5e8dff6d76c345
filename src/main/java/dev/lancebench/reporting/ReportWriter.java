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
  private final Path bmfFile;
  private final Path resultsFile;
  private final Path htmlFile;
  private final PrintStream console;
  private final boolean printTable;
  private boolean colour;
  private String saveName;
  private Path saveFile;

  public ReportWriter(Path bmfFile, Path resultsFile, PrintStream console, boolean printTable) {
    this(bmfFile, resultsFile, null, console, printTable);
  }

  /** @param htmlFile where the HTML report goes, or null for none */
  public ReportWriter(
      Path bmfFile, Path resultsFile, Path htmlFile, PrintStream console, boolean printTable) {
    this.bmfFile = bmfFile;
    this.resultsFile = resultsFile;
    this.htmlFile = htmlFile;
    this.console = console;
    this.printTable = printTable;
  }

  /** Colours the table's real changes (only for a console that shows ANSI colour). */
  public ReportWriter coloured(boolean colour) {
    this.colour = colour;
    return this;
  }

  /** Also saves the run as baseline {@code name} in {@code file}. */
  public ReportWriter savingBaseline(String name, Path file) {
    this.saveName = name;
    this.saveFile = file;
    return this;
  }

  /** Writes everything it can; returns one message per output that failed (empty when all went). */
  public List<String> writeAll(RunReport report) {
    List<String> problems = new ArrayList<>();
    if (printTable) {
      try {
        new TableFormat(colour).write(report, console);
      } catch (IOException | RuntimeException e) {
        problems.add("printing the summary table failed: " + e);
      }
    }
    write(new BmfFormat(), report, bmfFile, RunOutputs.BMF_SETTING, problems);
    write(new ResultsJsonFormat(), report, resultsFile, RunOutputs.RESULTS_SETTING, problems);
    boolean htmlWritten =
        htmlFile != null && write(new HtmlFormat(), report, htmlFile, RunOutputs.HTML_SETTING, problems);
    boolean saved = false;
    if (saveFile != null) {
      try {
        Baseline.save(report, saveName, saveFile);
        saved = true;
      } catch (IOException | RuntimeException e) {
        problems.add(
            "Could not save the baseline " + saveFile.toAbsolutePath() + " (" + e + "). Make its "
                + "folder writable or choose another with -Dbench.baselines=DIR.");
      }
    }
    if (printTable) {
      console.println("BMF:     " + bmfFile.toAbsolutePath());
      console.println("Results: " + resultsFile.toAbsolutePath());
      if (htmlWritten) {
        console.println("Report:  " + htmlFile.toAbsolutePath());
      }
      if (saved) {
        console.println("Baseline '" + saveName + "' saved: " + saveFile.toAbsolutePath()
            + " (compare a later run with -Dbench.compare=" + saveName + ")");
      }
      report.metadata().profiled().ifPresent(
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
        Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
