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
  READ_IOPS("read_iops", Unit.COUNT, "Lance scan stats: IO operations (LanceScanner.getStats)"),
  READ_BYTES("read_bytes", Unit.BYTES, "Lance scan stats: bytes read (LanceScanner.getStats)"),
  WRITE_IOPS("write_iops", Unit.COUNT, "Lance write counters (not exposed by lance-core 7.0.0)"),
  WRITE_BYTES("write_bytes", Unit.BYTES, "Lance write counters (not exposed by lance-core 7.0.0)"),
  OS_READ_SYSCALLS("os_read_syscalls", Unit.COUNT, "/proc/self/io syscr, whole process"),
  OS_READ_BYTES("os_read_bytes", Unit.BYTES, "/proc/self/io rchar, whole process"),
  OS_WRITE_SYSCALLS("os_write_syscalls", Unit.COUNT, "/proc/self/io syscw, whole process"),
  OS_WRITE_BYTES("os_write_bytes", Unit.BYTES, "/proc/self/io wchar, whole process");

  private final String key;
  private final Unit unit;
  private final String origin;

  Measure(String key, Unit unit, String origin) {
    this.key = key;
    this.unit = unit;
    this.origin = origin;
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
