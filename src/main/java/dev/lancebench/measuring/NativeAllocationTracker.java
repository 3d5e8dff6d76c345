package dev.lancebench.measuring;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The allocation tracker (src/main/native/memtrack.c) as seen from Java, through JNA. It is found
 * by looking its symbols up in this process: present when the library was preloaded (LD_PRELOAD),
 * absent otherwise.
 */
public final class NativeAllocationTracker {
  /** The system property with the library's path, set by the build for the tests and the note. */
  public static final String LIBRARY_PROPERTY = "bench.memtrack.library";

  static final String UNAVAILABLE_FILE = "memtrack.unavailable";

  private final Function reset;
  private final Function stats;
  private final Function threadStats;
  private final Function setCounting;
  private final Function ioWatch;
  private final Function ioTotals;

  /**
   * Out-parameter buffers made once per thread: handing JNA a long[] would make it malloc a
   * temporary copy on every call, which the tracker would count in the very numbers being read.
   */
  private final ThreadLocal<Memory> buffers = ThreadLocal.withInitial(() -> new Memory(6 * 8));

  private NativeAllocationTracker(NativeLibrary process) {
    this.reset = process.getFunction("lance_bench_memtrack_reset");
    this.stats = process.getFunction("lance_bench_memtrack_stats");
    this.threadStats = process.getFunction("lance_bench_memtrack_thread_stats");
    this.setCounting = process.getFunction("lance_bench_memtrack_set_counting");
    this.ioWatch = process.getFunction("lance_bench_io_watch");
    this.ioTotals = process.getFunction("lance_bench_io_totals");
  }

  /** The tracker, when it is loaded in this process. */
  public static Optional<NativeAllocationTracker> inProcess() {
    try {
      return Optional.of(new NativeAllocationTracker(NativeLibrary.getProcess()));
    } catch (UnsatisfiedLinkError e) {
      return Optional.empty();
    }
  }

  /** Zeroes the process-wide counters. */
  public void reset() {
    reset.invokeVoid(new Object[0]);
  }

  /** The process-wide counters. */
  public Stats stats() {
    Memory out = buffers.get();
    stats.invokeVoid(new Object[] {out});
    return new Stats(
        out.getLong(0),
        out.getLong(8),
        out.getLong(16),
        out.getLong(24),
        out.getLong(32),
        out.getLong(40));
  }

  /** The calling thread's totals since it started (never reset): exact whatever others do. */
  public ThreadTotals threadTotals() {
    Memory out = buffers.get();
    threadStats.invokeVoid(new Object[] {out});
    return new ThreadTotals(out.getLong(0), out.getLong(8), out.getLong(16), out.getLong(24));
  }

  /** Turns counting off (only forwarding) or on; for measuring what counting costs. */
  public void setCounting(boolean on) {
    setCounting.invokeVoid(new Object[] {on ? 1 : 0});
  }

  /**
   * Counts file IO on the files opened from now on under {@code folder} (absolute). Both the path
   * as given and its real path are watched, so a symbolic link on the way does not hide files.
   */
  public void watchFiles(Path folder) {
    Set<String> forms = new LinkedHashSet<>();
    forms.add(folder.toAbsolutePath().normalize().toString());
    try {
      forms.add(folder.toRealPath().toString());
    } catch (IOException e) {
      // not there yet: the path as given is what Lance will open
    }
    for (String form : forms) {
      int status = ioWatch.invokeInt(new Object[] {form});
      if (status != 0) {
        throw new IllegalStateException(
            "the tracker cannot watch " + form + " (too many folders?)");
      }
    }
  }

  /** Read calls, bytes read, write calls, bytes written on watched files since the JVM started. */
  public FileTotals fileTotals() {
    Memory out = buffers.get();
    ioTotals.invokeVoid(new Object[] {out});
    return new FileTotals(out.getLong(0), out.getLong(8), out.getLong(16), out.getLong(24));
  }

  public record FileTotals(long readOps, long readBytes, long writeOps, long writeBytes) {}

  public record Stats(
      long allocations,
      long frees,
      long bytesAllocated,
      long bytesFreed,
      long current,
      long peak) {}

  public record ThreadTotals(long allocations, long frees, long bytesAllocated, long bytesFreed) {}

  /** One line for the report saying why the memory measures are absent, and what to do. */
  public static String whyUnavailable(Map<String, String> environment, Optional<String> library) {
    String prefix = "Memory tracking not available: ";
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return prefix
          + "the allocation tracker works on Linux only (this is "
          + System.getProperty("os.name")
          + ")";
    }
    if (library.isPresent()) {
      Path lib = Path.of(library.get());
      Path reason = lib.resolveSibling(UNAVAILABLE_FILE);
      if (!Files.exists(lib)) {
        try {
          if (Files.exists(reason)) {
            return prefix + Files.readString(reason).strip();
          }
        } catch (IOException e) {
          // fall through to the generic message
        }
        return prefix + "the tracker library " + lib + " was not built (run mvn compile)";
      }
    }
    String preload = environment.get("LD_PRELOAD");
    if (preload != null && !preload.isBlank()) {
      return prefix + "LD_PRELOAD=" + preload + " did not load the tracker into this JVM";
    }
    return prefix
        + "run with -Dbench.memtrack (in an IDE: set LD_PRELOAD="
        + library.orElse("target/native/liblancebench_memtrack.so")
        + " in the run configuration)";
  }
}
