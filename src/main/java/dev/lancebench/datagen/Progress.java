package dev.lancebench.datagen;

import java.io.PrintStream;
import java.util.Locale;

/** Prints "rows done / total, rate, ETA" for a generator, at most once a second and at the end. */
public final class Progress {
  private static final long PRINT_INTERVAL_NANOS = 1_000_000_000L;

  private final PrintStream out;
  private final String label;
  private final long total;
  private final long startNanos = System.nanoTime();
  private long done;
  private long lastPrintNanos;

  public Progress(PrintStream out, String label, long total) {
    this.out = out;
    this.label = label;
    this.total = total;
  }

  /** Adds {@code rows} to the count; prints a line when a second passed since the last one. */
  public synchronized void advance(long rows) {
    done += rows;
    long now = System.nanoTime();
    if (done >= total || now - lastPrintNanos >= PRINT_INTERVAL_NANOS) {
      lastPrintNanos = now;
      out.println(line(now));
    }
  }

  /** Prints a free-form step (e.g. "building BTREE index on row_number"). */
  public void step(String message) {
    out.printf(Locale.ROOT, "%s: %s%n", label, message);
  }

  String line(long nowNanos) {
    double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
    double rate = done / seconds;
    double percent = total == 0 ? 100.0 : 100.0 * done / total;
    String eta = rate > 0 ? String.format(Locale.ROOT, "%.0fs", (total - done) / rate) : "?";
    return String.format(
        Locale.ROOT,
        "%s: %,d / %,d rows (%.0f%%), %,.0f rows/s, ETA %s",
        label,
        done,
        total,
        percent,
        rate,
        eta);
  }
}
