package dev.lancebench.reporting;

import dev.lancebench.measuring.BenchResult;
import dev.lancebench.measuring.Measure;
import dev.lancebench.measuring.MeasureSummary;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The terminal summary, in the spirit of the Python suite's: one row per benchmark, sorted by read
 * bytes (largest first), human units, and a note under it saying where each column comes from.
 */
public final class TableFormat implements ResultFormat {

  /** A column of the table: adding a metric to the table is one line here. */
  record Column(String header, Measure measure) {}

  static final List<Column> COLUMNS =
      List.of(
          new Column("CPU Time", Measure.CPU_TIME),
          new Column("Read IOPS", Measure.READ_IOPS),
          new Column("Read Bytes", Measure.READ_BYTES),
          new Column("Write IOPS", Measure.WRITE_IOPS),
          new Column("Write Bytes", Measure.WRITE_BYTES),
          new Column("File Reads", Measure.FILE_READ_OPS),
          new Column("File Read Bytes", Measure.FILE_READ_BYTES),
          new Column("File Writes", Measure.FILE_WRITE_OPS),
          new Column("File Write Bytes", Measure.FILE_WRITE_BYTES),
          new Column("OS Reads", Measure.OS_READ_SYSCALLS),
          new Column("OS Read Bytes", Measure.OS_READ_BYTES),
          new Column("OS Writes", Measure.OS_WRITE_SYSCALLS),
          new Column("OS Write Bytes", Measure.OS_WRITE_BYTES),
          new Column("Storage Read", Measure.OS_STORAGE_READ_BYTES),
          new Column("Peak Mem", Measure.PEAK_MEMORY_BYTES),
          new Column("Allocs", Measure.TOTAL_ALLOCATIONS),
          new Column("JVM Alloc", Measure.JVM_ALLOCATED_BYTES));

  static final String ABSENT = "-";

  /** The change an A/B's table says its trials could or could not see. */
  static final double NOTED_CHANGE = 10;

  /** Marks a benchmark measured while other work used more than half a core. */
  static final String BUSY = "[busy]";

  static final String RED = "\u001b[31m";
  static final String GREEN = "\u001b[32m";
  static final String RESET = "\u001b[0m";

  private final boolean colour;

  public TableFormat() {
    this(false);
  }

  /**
   * @param colour whether changes are coloured (ANSI): only for a console that shows colour
   */
  public TableFormat(boolean colour) {
    this.colour = colour;
  }

  @Override
  public void write(RunReport report, OutputStream out) throws IOException {
    PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8);
    // a column that nothing in this run filled is left out, and said why under the table
    List<Column> shown = new ArrayList<>();
    List<Column> hidden = new ArrayList<>();
    for (Column column : COLUMNS) {
      boolean measured =
          report.results().stream().anyMatch(r -> r.measures().containsKey(column.measure()));
      (measured ? shown : hidden).add(column);
    }
    List<String> titles = new ArrayList<>();
    titles.add("Test");
    titles.add("Latency (median)");
    shown.forEach(c -> titles.add(c.header()));

    Comparison comparison = report.comparison();
    List<List<String>> rows = new ArrayList<>();
    List<List<String>> colours = new ArrayList<>();
    for (BenchResult result : sorted(report.results())) {
      List<String> row = new ArrayList<>();
      List<String> colour = new ArrayList<>();
      row.add(busy(result) ? result.name() + " " + BUSY : result.name());
      colour.add(null);
      if (!result.passed()) {
        row.add(result.status().name());
        colour.add(null);
        shown.forEach(c -> row.add(ABSENT));
        shown.forEach(c -> colour.add(null));
      } else {
        Comparison.Entry entry =
            comparison == null ? null : comparison.entry(result.name()).orElse(null);
        String latency =
            result.latency() == null ? ABSENT : Units.duration(result.latency().median());
        if (comparison != null && entry == null) {
          latency += " (new)";
        }
        addCell(row, colour, latency, entry, Measure.LATENCY.key());
        for (Column column : shown) {
          MeasureSummary summary = result.measures().get(column.measure());
          addCell(
              row,
              colour,
              summary == null
                  ? ABSENT
                  : Units.format(column.measure().headline(summary), column.measure().unit()),
              summary == null ? null : entry,
              column.measure().key());
        }
      }
      rows.add(row);
      colours.add(colour);
    }

    int[] widths = new int[titles.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = titles.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    print.println();
    print.println("lance-bench results (" + report.results().size() + " benchmarks)");
    if (report.partial() != null) {
      print.println("PARTIAL RUN: " + report.partial());
    }
    if (comparison != null) {
      print.println("Compared with baseline " + comparison.describe());
      comparison.warnings().forEach(w -> print.println("Warning: " + w));
    }
    printRow(print, titles, null, widths);
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
    }
    print.println(rule);
    for (int r = 0; r < rows.size(); r++) {
      printRow(print, rows.get(r), colours.get(r), widths);
    }
    print.println();
    print.println(
        "Latency: median wall time of one invocation (System.nanoTime); "
            + "min/mean/p99/CI in results.json.");
    if (comparison != null) {
      printComparisonLegend(print, comparison);
    }
    // one line per source: the columns that share an origin, then the origin
    for (String line : byOrigin(shown)) {
      print.println(line + ".");
    }
    if (!hidden.isEmpty()) {
      print.println(
          "Not shown, as nothing in this run measured them: "
              + String.join("; ", byOrigin(hidden))
              + (report.notes().isEmpty() ? "." : " (see the notes)."));
    }
    print.println(
        "Counters are per invocation (mean over rounds). "
            + ABSENT
            + " = not measured: "
            + "the workload ran no scan, or the source is unavailable (see notes).");
    for (String note : report.notes()) {
      print.println("Note: " + note);
    }
    for (BenchResult result : report.results()) {
      if (busy(result)) {
        print.println(
            BUSY
                + " "
                + result.name()
                + ": "
                + result.measured().load().describe()
                + " while it ran: its numbers may be slower for that reason, not its code's.");
      }
    }
    // failed and skipped benchmarks, those that share a reason under it once
    Map<String, List<String>> byReason = new LinkedHashMap<>();
    for (BenchResult result : report.results()) {
      if (!result.passed()) {
        byReason
            .computeIfAbsent(
                result.status() + "\n" + oneLine(result.failure()), k -> new ArrayList<>())
            .add(result.name());
      }
    }
    byReason.forEach(
        (key, names) -> {
          String status = key.substring(0, key.indexOf('\n'));
          String reason = key.substring(key.indexOf('\n') + 1);
          if (names.size() == 1) {
            print.println(status + " " + names.get(0) + ": " + reason);
          } else {
            print.println(status + " " + names.size() + " benchmarks: " + reason);
            names.forEach(name -> print.println("  " + name));
          }
        });
    for (BenchResult result : report.results()) {
      result
          .extras()
          .forEach(
              (key, value) ->
                  print.println(
                      "Extra: "
                          + result.name()
                          + " "
                          + key
                          + " = "
                          + String.format(Locale.ROOT, "%.4f", value)));
    }
    print.flush();
  }

  static boolean busy(BenchResult result) {
    return result.measured() != null
        && result.measured().load() != null
        && result.measured().load().busy();
  }

  /** "Header, Header: origin" for each run of columns that share an origin. */
  private static List<String> byOrigin(List<Column> columns) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < columns.size(); ) {
      String origin = columns.get(i).measure().origin();
      List<String> headers = new ArrayList<>();
      while (i < columns.size() && columns.get(i).measure().origin().equals(origin)) {
        headers.add(columns.get(i++).header());
      }
      lines.add(String.join(", ", headers) + ": " + origin);
    }
    return lines;
  }

  static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** A value, and with a comparison its change ("+12.3 %", "~+0.2 %"), coloured when real. */
  private static void addCell(
      List<String> row,
      List<String> colours,
      String value,
      Comparison.Entry entry,
      String measure) {
    Comparison.Change change = entry == null ? null : entry.changes().get(measure);
    if (change == null) {
      row.add(value);
      colours.add(null);
      return;
    }
    String label = change.label();
    if (change.detectablePercent() != null && measure.equals(Measure.LATENCY.key())) {
      label += String.format(Locale.ROOT, " (detects %.0f %%)", change.detectablePercent());
    }
    row.add(value + " " + label);
    colours.add(
        change.verdict() == Comparison.Verdict.WORSE
            ? RED
            : change.verdict() == Comparison.Verdict.BETTER ? GREEN : null);
  }

  private static void printComparisonLegend(PrintStream print, Comparison comparison) {
    print.println(
        "Changes from the baseline: +/- percent of its value; \"~\" = within the noise (not a real "
            + "change); no \"~\" = a real change, and since higher is worse for every column, + is a "
            + "regression and \u2212 an improvement; (new) = not in the baseline.");
    print.println("Judged by " + comparison.method() + ".");
    if (comparison.ofTrials()) {
      long judged =
          comparison.entries().values().stream()
              .filter(e -> e.latency().map(c -> c.detectablePercent() != null).orElse(false))
              .count();
      long hiding =
          comparison.entries().values().stream()
              .filter(e -> e.latency().map(c -> c.hides(NOTED_CHANGE)).orElse(false))
              .count();
      print.println(
          String.format(
              Locale.ROOT,
              "(detects N %%) = the smallest latency change these trials find (%.0f %% power): %d"
                  + " of %d benchmarks' trials would hide a %.0f %% change; more trials"
                  + " (--trials) narrow it.",
              100 * LatencyStatistics.POWER,
              hiding,
              judged,
              NOTED_CHANGE));
    }
    List<String> missing = comparison.missing();
    if (!missing.isEmpty()) {
      print.println(
          "In the baseline, not in this run ("
              + missing.size()
              + "): "
              + String.join(", ", missing.subList(0, Math.min(20, missing.size())))
              + (missing.size() > 20 ? ", ... (all in report.html)" : ""));
    }
  }

  private void printRow(PrintStream print, List<String> cells, List<String> colours, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      if (i > 0) {
        line.append(" | ");
      }
      // names left-aligned, numbers right-aligned
      String padded = i == 0 ? pad(cell, widths[i], false) : pad(cell, widths[i], true);
      String code = colours == null ? null : colours.get(i);
      line.append(colour && code != null ? code + padded + RESET : padded);
    }
    print.println(line.toString().stripTrailing());
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(width - s.length());
    return right ? fill + s : s + fill;
  }

  static List<BenchResult> sorted(List<BenchResult> results) {
    Comparator<BenchResult> byReadBytes =
        Comparator.comparingDouble(
            (BenchResult r) -> {
              MeasureSummary bytes = r.measures().get(Measure.READ_BYTES);
              return bytes == null ? -1 : bytes.mean();
            });
    List<BenchResult> copy = new ArrayList<>(results);
    copy.sort(byReadBytes.reversed().thenComparing(BenchResult::name));
    return copy;
  }
}
