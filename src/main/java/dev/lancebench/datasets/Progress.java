package dev.lancebench.datasets;

import java.io.PrintStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of a generator: rows done of the total, rate and ETA, drawn by the progressbar
 * library. On a terminal the bar redraws in place; elsewhere (Maven, CI logs, a captured stream) it
 * prints one line a second. Thread-safe.
 */
public final class Progress implements AutoCloseable {
  private static final int WIDTH = 110;

  private final PrintStream out;
  private final String label;
  private final long total;
  private final boolean interactive;
  private ProgressBar bar;

  public Progress(PrintStream out, String label, long total) {
    this(out, label, total, System.console() != null && (out == System.out || out == System.err));
  }

  public Progress(PrintStream out, String label, long total, boolean interactive) {
    this.out = out;
    this.label = label;
    this.total = total;
    this.interactive = interactive;
  }

  /** Adds {@code rows} to the count. */
  public synchronized void advance(long rows) {
    if (bar == null) {
      ProgressBarConsumer consumer =
          interactive
              ? new ConsoleProgressBarConsumer(out, WIDTH)
              : new DelegatingProgressBarConsumer(new OncePerCompletion(out)::println, WIDTH);
      bar =
          new ProgressBarBuilder()
              .setTaskName(label)
              .setInitialMax(total)
              .setUnit(" rows", 1)
              .showSpeed(new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)))
              .setSpeedUnit(ChronoUnit.SECONDS)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(1000)
              .setMaxRenderedLength(WIDTH)
              .setConsumer(consumer)
              .build();
    }
    bar.stepBy(rows);
  }

  /** Prints a step (e.g. "building BTREE index on row_number"), after any bar is finished. */
  public synchronized void step(String message) {
    finishBar();
    out.printf(Locale.ROOT, "%s: %s%n", label, message);
  }

  private void finishBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  @Override
  public synchronized void close() {
    finishBar();
  }

  /**
   * The lines of one bar, where a log reads them: the bar's last update and its close both render
   * it full, and the second is the same news.
   */
  private static final class OncePerCompletion {
    private final PrintStream out;
    private boolean completed;

    OncePerCompletion(PrintStream out) {
      this.out = out;
    }

    synchronized void println(String line) {
      boolean full = line.contains(" 100% ");
      if (full && completed) {
        return;
      }
      completed |= full;
      out.println(line);
    }
  }
}
