package dev.lancebench.measuring;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code file_read_ops}, {@code file_read_bytes}, {@code file_write_ops}, {@code file_write_bytes}:
 * the calls and bytes on files under the dataset location, counted by the preloaded tracker on
 * every thread (Lance's IO threads included). Unlike Lance's scan statistics they include index
 * reads, {@code take}, index builds, writes and commits; unlike /proc/self/io they leave out
 * everything else the process reads and writes (jars, surefire's channel, eventfd wake-ups).
 */
public final class FileIoSource implements MetricSource {
  private final NativeAllocationTracker tracker;
  private final Supplier<Optional<String>> unavailable;
  private NativeAllocationTracker.FileTotals start;

  /**
   * @param unavailable why the files cannot be counted (no tracker, datasets on an object store),
   *     asked when the measurement starts: the dataset location is known by then
   */
  public FileIoSource(
      Optional<NativeAllocationTracker> tracker, Supplier<Optional<String>> unavailable) {
    this.tracker = tracker.orElse(null);
    this.unavailable = unavailable;
  }

  @Override
  public String id() {
    return "file-io";
  }

  @Override
  public Optional<String> unavailableReason() {
    return unavailable.get();
  }

  @Override
  public void before() {
    start = tracker.fileTotals();
  }

  @Override
  public void after(Readings readings) {
    NativeAllocationTracker.FileTotals end = tracker.fileTotals();
    readings.put(Measure.FILE_READ_OPS, end.readOps() - start.readOps());
    readings.put(Measure.FILE_READ_BYTES, end.readBytes() - start.readBytes());
    readings.put(Measure.FILE_WRITE_OPS, end.writeOps() - start.writeOps());
    readings.put(Measure.FILE_WRITE_BYTES, end.writeBytes() - start.writeBytes());
  }
}
