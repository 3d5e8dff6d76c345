package dev.lancebench.measuring;

/**
 * Every measure a benchmark can report, under the name it has in Bencher Metric Format. Each has
 * exactly one source; a measure that could not be measured is absent from a result, never 0.
 *
 * <p>{@code read_iops}, {@code read_bytes}, {@code write_iops}, {@code write_bytes} are the names
 * the Python suite uploads, so both suites sit side by side in one Bencher project.
 */
public enum Measure {
  /** Wall time of one invocation. Bencher's built-in measure. */
  LATENCY("latency", Unit.NANOSECONDS, "System.nanoTime around each invocation"),
  /** CPU time of the whole process in one invocation: noisy like latency, not a counter. */
  CPU_TIME(
      "cpu_time",
      Unit.NANOSECONDS,
      "clock_gettime(CLOCK_PROCESS_CPUTIME_ID): user + system CPU time of the whole process, every "
          + "thread (native ones too), 64-bit Linux",
      Kind.DURATION),
  READ_IOPS("read_iops", Unit.COUNT, Origins.LANCE_SCAN),
  READ_BYTES("read_bytes", Unit.BYTES, Origins.LANCE_SCAN),
  WRITE_IOPS("write_iops", Unit.COUNT, Origins.LANCE_WRITE),
  WRITE_BYTES("write_bytes", Unit.BYTES, Origins.LANCE_WRITE),
  /** Calls and bytes on the files under the dataset location: index reads, take, writes too. */
  FILE_READ_OPS("file_read_ops", Unit.COUNT, Origins.TRACKER_FILES),
  FILE_READ_BYTES("file_read_bytes", Unit.BYTES, Origins.TRACKER_FILES),
  FILE_WRITE_OPS("file_write_ops", Unit.COUNT, Origins.TRACKER_FILES),
  FILE_WRITE_BYTES("file_write_bytes", Unit.BYTES, Origins.TRACKER_FILES),
  OS_READ_SYSCALLS("os_read_syscalls", Unit.COUNT, Origins.PROC_SELF_IO),
  OS_READ_BYTES("os_read_bytes", Unit.BYTES, Origins.PROC_SELF_IO),
  OS_WRITE_SYSCALLS("os_write_syscalls", Unit.COUNT, Origins.PROC_SELF_IO),
  OS_WRITE_BYTES("os_write_bytes", Unit.BYTES, Origins.PROC_SELF_IO),
  /** Bytes fetched from storage rather than the page cache: what proves a cold cache. */
  OS_STORAGE_READ_BYTES("os_storage_read_bytes", Unit.BYTES, Origins.PROC_SELF_IO_STORAGE),
  PEAK_MEMORY_BYTES("peak_memory_bytes", Unit.BYTES, Origins.TRACKER, Kind.HIGH_WATER),
  TOTAL_ALLOCATIONS("total_allocations", Unit.COUNT, Origins.TRACKER),
  JVM_ALLOCATED_BYTES(
      "jvm_allocated_bytes", Unit.BYTES, "ThreadMXBean: Java heap bytes allocated by all threads");

  /** Where the numbers come from; measures of one source share one text. */
  private static final class Origins {
    static final String LANCE_SCAN =
        "Lance scan stats (LanceScanner.getStats) of the scans run through bench.scan";
    static final String LANCE_WRITE = "Lance write counters: not exposed by lance-core 7.0.0";
    static final String PROC_SELF_IO =
        "/proc/self/io (syscr, rchar, syscw, wchar), whole process, Linux only";
    static final String PROC_SELF_IO_STORAGE =
        "/proc/self/io (read_bytes): bytes the process caused to be fetched from storage, not the "
            + "page cache; whole process, Linux only";
    static final String TRACKER =
        "allocation tracker (-Dbench.memtrack): native high-water mark of net new bytes "
            + "(largest invocation), malloc-family calls";
    static final String TRACKER_FILES =
        "the preloaded tracker (-Dbench.memtrack): read/write calls and bytes on files opened under "
            + "the dataset location (index reads, take, writes and commits included; io_uring and "
            + "mmap are not seen), all threads, local datasets only";
  }

  /** How a measure's readings combine over invocations and rounds. */
  public enum Kind {
    /** A count over the round, divided by its invocations; the headline is the mean per round. */
    COUNTER,
    /** A high-water mark of one invocation; the headline is the largest of all. */
    HIGH_WATER,
    /**
     * Time spent over the round (CPU time), divided by its invocations like a counter; it varies
     * from run to run as latency does, so a comparison judges it statistically, not by tolerance.
     */
    DURATION;

    /** Two readings of one round (e.g. two invocations' windows) as one: a sum, or the larger. */
    public long combine(long a, long b) {
      return this == HIGH_WATER ? Math.max(a, b) : a + b;
    }

    /** A round's reading per invocation: a count divided among them; a high-water mark as is. */
    public double perInvocation(long roundValue, int iterations) {
      return this == HIGH_WATER ? roundValue : (double) roundValue / iterations;
    }
  }

  private final String key;
  private final Unit unit;
  private final String origin;
  private final Kind kind;

  Measure(String key, Unit unit, String origin) {
    this(key, unit, origin, Kind.COUNTER);
  }

  Measure(String key, Unit unit, String origin, Kind kind) {
    this.key = key;
    this.unit = unit;
    this.origin = origin;
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** The one number that stands for the measure: BMF's value and the table's cell. */
  public double headline(MeasureSummary summary) {
    return kind == Kind.HIGH_WATER ? summary.max() : summary.mean();
  }

  /** The name in BMF, baselines and results.json. */
  public String key() {
    return key;
  }

  public Unit unit() {
    return unit;
  }

  /** Where the numbers come from, for the notes under the table and results.json. */
  public String origin() {
    return origin;
  }
}
