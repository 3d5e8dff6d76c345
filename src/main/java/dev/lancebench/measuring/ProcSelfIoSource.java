package dev.lancebench.measuring;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The process-wide read/write counters of Linux's {@code /proc/self/io}: {@code syscr}, {@code
 * rchar}, {@code syscw}, {@code wchar}, and {@code read_bytes} (what had to come from storage
 * rather than the page cache). They see every read and write of the process (index files, {@code
 * take}, writes), which Lance's scan stats leave out; they do not see io_uring.
 *
 * <p>The file stays open and is read with a single {@code read} call per snapshot. The kernel
 * counts that read after it returns, so the "after" snapshot contains the "before" snapshot's own
 * read: exactly one syscall and the bytes it returned, which are subtracted.
 */
public final class ProcSelfIoSource implements MetricSource {
  static final Path PROC_SELF_IO = Path.of("/proc/self/io");

  private final RandomAccessFile file;
  private final String unavailable;
  private final byte[] buffer = new byte[1024];
  private final long[] before = new long[5];
  private final long[] after = new long[5];
  private int beforeBytes;

  public ProcSelfIoSource() {
    RandomAccessFile opened = null;
    String reason = null;
    if (!Files.isReadable(PROC_SELF_IO)) {
      reason =
          "OS IO counters absent: "
              + PROC_SELF_IO
              + " is not readable on "
              + System.getProperty("os.name")
              + " (Linux only)";
    } else {
      try {
        opened = new RandomAccessFile(PROC_SELF_IO.toFile(), "r");
      } catch (IOException e) {
        reason = "OS IO counters absent: cannot open " + PROC_SELF_IO + ": " + e.getMessage();
      }
    }
    this.file = opened;
    this.unavailable = reason;
  }

  @Override
  public String id() {
    return "os-io";
  }

  @Override
  public Optional<String> unavailableReason() {
    return Optional.ofNullable(unavailable);
  }

  @Override
  public void before() {
    beforeBytes = read(before);
  }

  @Override
  public void after(Readings readings) {
    read(after);
    readings.put(Measure.OS_READ_SYSCALLS, after[0] - before[0] - 1);
    readings.put(Measure.OS_READ_BYTES, after[1] - before[1] - beforeBytes);
    readings.put(Measure.OS_WRITE_SYSCALLS, after[2] - before[2]);
    readings.put(Measure.OS_WRITE_BYTES, after[3] - before[3]);
    readings.put(Measure.OS_STORAGE_READ_BYTES, after[4] - before[4]);
  }

  /**
   * Fills syscr, rchar, syscw, wchar, read_bytes into {@code into}; returns the bytes the read
   * returned.
   */
  private int read(long[] into) {
    try {
      file.seek(0);
      int n = file.read(buffer, 0, buffer.length);
      parse(new String(buffer, 0, Math.max(n, 0), StandardCharsets.US_ASCII), into);
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + PROC_SELF_IO, e);
    }
  }

  static void parse(String text, long[] into) {
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim();
      int slot;
      switch (key) {
        case "syscr":
          slot = 0;
          break;
        case "rchar":
          slot = 1;
          break;
        case "syscw":
          slot = 2;
          break;
        case "wchar":
          slot = 3;
          break;
        case "read_bytes":
          slot = 4;
          break;
        default:
          continue;
      }
      into[slot] = Long.parseLong(line.substring(colon + 1).trim());
    }
  }

  @Override
  public void close() {
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        // nothing was lost: the counters were already read
      }
    }
  }
}
