package dev.lancebench.running;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Says when a benchmark or a generation has made no progress: the whole process used (almost) no
 * CPU for {@code after} — a native call waiting on a pool that will never run it, as a full-text
 * index build with one Lance thread does. It reports once per stall, with what the watched thread
 * is doing, and changes nothing: a slow object store looks the same, and is only named.
 */
public final class StallWatch implements AutoCloseable {
  /** CPU time below this share of the window counts as none (a few background wake-ups). */
  static final double IDLE_SHARE = 0.01;

  private final Duration after;
  private final LongSupplier cpuNanos;
  private final LongSupplier clock;
  private final PrintStream console;
  private final ScheduledExecutorService ticker;
  private String what;
  private Thread thread;
  private long sinceNanos;
  private long cpuSince;
  private boolean reported;

  /**
   * @param cpuNanos the whole process's CPU time, nanoseconds
   * @param clock wall time, nanoseconds
   */
  StallWatch(Duration after, LongSupplier cpuNanos, LongSupplier clock, PrintStream console) {
    this.after = after;
    this.cpuNanos = cpuNanos;
    this.clock = clock;
    this.console = console;
    this.ticker = null;
  }

  private StallWatch(Duration after, PrintStream console) {
    this.after = after;
    this.cpuNanos = StallWatch::processCpuNanos;
    this.clock = System::nanoTime;
    this.console = console;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "lance-bench-stall-watch");
              t.setDaemon(true);
              return t;
            });
    long tick = Math.max(100, Math.min(5_000, after.toMillis() / 4));
    ticker.scheduleAtFixedRate(this::check, tick, tick, TimeUnit.MILLISECONDS);
  }

  /**
   * A watch checking on its own every few seconds; {@code after} zero or less: one that never
   * speaks.
   */
  public static StallWatch start(Duration after, PrintStream console) {
    return after.isZero() || after.isNegative()
        ? new StallWatch(after, () -> 0, () -> 0, console)
        : new StallWatch(after, console);
  }

  /** The process's CPU time (all threads, native ones too); 10 ms resolution is plenty here. */
  static long processCpuNanos() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
    }
    return -1;
  }

  /** Watches {@code what}, done on {@code thread}, until {@link #done} or the next watch. */
  public synchronized void watch(String what, Thread thread) {
    this.what = what;
    this.thread = thread;
    this.sinceNanos = clock.getAsLong();
    this.cpuSince = cpuNanos.getAsLong();
    this.reported = false;
  }

  public synchronized void done() {
    what = null;
    thread = null;
  }

  /** One look: progress moves the window on; none for {@code after} is reported, once. */
  synchronized void check() {
    if (what == null || after.isZero() || after.isNegative()) {
      return;
    }
    long now = clock.getAsLong();
    long cpu = cpuNanos.getAsLong();
    if (cpu < 0) {
      return; // this JVM cannot say
    }
    long wall = now - sinceNanos;
    long used = cpu - cpuSince;
    if (used > IDLE_SHARE * after.toNanos()) {
      sinceNanos = now;
      cpuSince = cpu;
      reported = false;
      return;
    }
    if (wall >= after.toNanos() && !reported) {
      reported = true;
      console.println(
          String.format(
              Locale.ROOT,
              "lance-bench: %s has made no progress: the process used %.2f s of CPU in the last"
                  + " %.0f s. If it is stuck in a native call, its thread is at:%n%s%n"
                  + "(a full-text index build with one Lance compute thread stalls so: see"
                  + " LANCE_CPU_THREADS; a slow object store also waits without CPU)",
              what,
              used / 1e9,
              wall / 1e9,
              stack(thread)));
      console.flush();
    }
  }

  private static String stack(Thread thread) {
    if (thread == null) {
      return "  (unknown)";
    }
    return Arrays.stream(thread.getStackTrace())
        .limit(12)
        .map(frame -> "  at " + frame)
        .collect(Collectors.joining(System.lineSeparator()));
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }
}
