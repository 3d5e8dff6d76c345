package dev.lancebench.measuring;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The metric sources of one measured run, in snapshot order (first = outermost). */
public final class MetricSources {
  private MetricSources() {}

  /** Adding a metric: one new source class, one line here, one column in the table. */
  public static List<MetricSource> standard(
      ScanStatsRecorder scans,
      Optional<NativeAllocationTracker> tracker,
      String whyNoTracker,
      Supplier<Optional<String>> whyNoFileIo) {
    return List.of(
        new ProcSelfIoSource(),
        new JvmAllocationSource(),
        new NativeMemorySource(tracker, whyNoTracker),
        new FileIoSource(tracker, whyNoFileIo),
        new LanceScanStatsSource(scans),
        // innermost: the other sources' own reads stay out of the process's CPU time
        new CpuTimeSource());
  }
}
