package dev.lancebench.measuring;

import java.util.Optional;

/**
 * Lance's own IO counters for the scans of a round, gathered by a {@link ScanStatsRecorder} that
 * {@code Bench.scan} feeds. They are the portable numbers: the same on a local disk and an object
 * store. lance-core 7.0.0 leaves index reads out of them.
 */
public final class LanceScanStatsSource implements MetricSource {
  private final ScanStatsRecorder recorder;

  public LanceScanStatsSource(ScanStatsRecorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public String id() {
    return "lance-scan-stats";
  }

  @Override
  public Optional<String> unavailableReason() {
    return Optional.empty();
  }

  @Override
  public void before() {
    recorder.start();
  }

  @Override
  public void after(Readings readings) {
    recorder.stop();
    recorder.putInto(readings);
  }
}
