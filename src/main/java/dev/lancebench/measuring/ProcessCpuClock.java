package dev.lancebench.measuring;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Locale;
import java.util.Optional;

/**
 * The CPU time the whole process has used, user and system, every thread (native ones too), in
 * nanoseconds: {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)} through JNA. The JVM's own {@code
 * OperatingSystemMXBean.getProcessCpuTime} counts in 10 ms steps here, too coarse for one
 * invocation; this clock counts in nanoseconds.
 */
public final class ProcessCpuClock {
  private static final int CLOCK_PROCESS_CPUTIME_ID = 2;

  /** {@code struct timespec} on 64-bit Linux is two longs, passed as a long[2]. */
  interface C extends Library {
    int clock_gettime(int clock, long[] timespec);
  }

  private static final Object LOCK = new Object();
  private static volatile ProcessCpuClock shared;
  private static volatile String whyNot;

  private final C libc;
  private final long[] timespec = new long[2];

  private ProcessCpuClock(C libc) {
    this.libc = libc;
  }

  /** The process's clock, or empty with {@link #whyUnavailable()} saying why. */
  public static Optional<ProcessCpuClock> get() {
    if (shared == null && whyNot == null) {
      synchronized (LOCK) {
        if (shared == null && whyNot == null) {
          load();
        }
      }
    }
    return Optional.ofNullable(shared);
  }

  /** Why there is no clock here (empty when there is one). */
  public static Optional<String> whyUnavailable() {
    get();
    return Optional.ofNullable(whyNot);
  }

  private static void load() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux") || Native.LONG_SIZE != 8) {
      whyNot =
          "the process CPU clock is read on 64-bit Linux only (this is "
              + System.getProperty("os.name")
              + " "
              + System.getProperty("os.arch")
              + ")";
      return;
    }
    try {
      ProcessCpuClock clock = new ProcessCpuClock(Native.load("c", C.class));
      clock.nanos();
      shared = clock;
    } catch (LinkageError | IllegalStateException e) {
      whyNot = "clock_gettime(CLOCK_PROCESS_CPUTIME_ID) could not be called: " + e.getMessage();
    }
  }

  /** The process's CPU time so far. */
  public long nanos() {
    synchronized (timespec) {
      if (libc.clock_gettime(CLOCK_PROCESS_CPUTIME_ID, timespec) != 0) {
        throw new IllegalStateException(
            "clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed: errno " + Native.getLastError());
      }
      return timespec[0] * 1_000_000_000L + timespec[1];
    }
  }
}
