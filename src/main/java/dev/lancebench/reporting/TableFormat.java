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
import java.util.List;

/**
 * The terminal summary, in the spirit of the Python suite's: one row per benchmark, sorted by read
 * bytes (largest first), human units, and a note under it saying where each column comes from.
 */
public final class TableFormat implements ResultFormat {

  /** A column of the table: adding a metric to the table is one line here. */
  record Column(String header, Measure measure) {}

  static final List<Column> COLUMNS =
      List.of(
          new Column("Read IOPS", Measure.READ_IOPS),
          new Column("Read Bytes", Measure.READ_BYTES),
          new Column("Write IOPS", Measure.WRITE_IOPS),
          new Column("Write Bytes", Measure.WRITE_BYTES),
          new Column("OS Reads", Measure.OS_READ_SYSCALLS),
          new Column("OS Read Bytes", Measure.OS_READ_BYTES),
          new Column("OS Writes", Measure.OS_WRITE_SYSCALLS),
          new Column("OS Write Bytes", Measure.OS_WRITE_BYTES),
          new Column("Storage Read", Measure.OS_STORAGE_READ_BYTES),
          new Column("Peak Mem", Measure.PEAK_MEMORY_BYTES),
          new Column("Allocs", Measure.TOTAL_ALLOCATIONS),
          new Column("JVM Alloc", Measure.JVM_ALLOCATED_BYTES));

  static final String ABSENT = "-";

  @Override
  public void write(RunReport report, OutputStream out) throws IOException {
    PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8);
    List<String> titles = new ArrayList<>();
    titles.add("Test");
    titles.add("Latency (median)");
    COLUMNS.forEach(c -> titles.add(c.header()));

    List<List<String>> rows = new ArrayList<>();
    for (BenchResult result : sorted(report.results())) {
      List<String> row = new ArrayList<>();
      row.add(result.name());
      if (!result.passed()) {
        row.add(result.status().name());
        COLUMNS.forEach(c -> row.add(ABSENT));
      } else {
        row.add(
            result.latency() == null ? ABSENT : Units.duration(result.latency().median()));
        for (Column column : COLUMNS) {
          MeasureSummary summary = result.measures().get(column.measure());
          row.add(
              summary == null
                  ? ABSENT
                  : Units.format(column.measure().headline(summary), column.measure().unit()));
        }
      }
      rows.add(row);
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
    printRow(print, titles, widths);
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
    }
    print.println(rule);
    rows.forEach(row -> printRow(print, row, widths));
    print.println();
    print.println("Latency: median wall time of one invocation (System.nanoTime); "
        + "min/mean/p99/CI in results.json.");
    // one line per source: the columns that share an origin, then the origin
    for (int i = 0; i < COLUMNS.size(); ) {
      String origin = COLUMNS.get(i).measure().origin();
      List<String> headers = new ArrayList<>();
      while (i < COLUMNS.size() && COLUMNS.get(i).measure().origin().equals(origin)) {
        headers.add(COLUMNS.get(i++).header());
      }
      print.println(String.join(", ", headers) + ": " + origin + ".");
    }
    print.println("Counters are per invocation (mean over rounds). " + ABSENT + " = not measured: "
        + "the workload ran no scan, or the source is unavailable (see notes).");
    for (String note : report.notes()) {
      print.println("Note: " + note);
    }
    // failed and skipped benchmarks, those that share a reason under it once
    java.util.Map<String, List<String>> byReason = new java.util.LinkedHashMap<>();
    for (BenchResult result : report.results()) {
      if (!result.passed()) {
        byReason
            .computeIfAbsent(result.status() + "\n" + oneLine(result.failure()), k -> new ArrayList<>())
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
                          + String.format(java.util.Locale.ROOT, "%.4f", value)));
    }
    print.flush();
  }

  static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  private static void printRow(PrintStream print, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      if (i > 0) {
        line.append(" | ");
      }
      // names left-aligned, numbers right-aligned
      line.append(i == 0 ? pad(cell, widths[i], false) : pad(cell, widths[i], true));
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
