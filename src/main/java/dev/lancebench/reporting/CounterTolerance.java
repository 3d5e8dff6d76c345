package dev.lancebench.reporting;

import dev.lancebench.measuring.Measure;
import dev.lancebench.reporting.Comparison.Change;
import dev.lancebench.reporting.Comparison.Verdict;
import java.util.List;

/**
 * How far a counter may move between two runs of the same build and still be the same: relative to
 * the baseline's value, or by an absolute amount. Counters are deterministic on the same data, so a
 * change beyond this (or beyond the baseline runs' own spread, when wider) is real.
 */
record CounterTolerance(double relative, double absolute) {

  /**
   * How far each counter may move between two runs of the same build and still be the same. Lance's
   * scan statistics are exact on the same data; the OS counters are process-wide (a stray log line,
   * surefire's channel), so they get a little room, write calls more; peak memory depends on the
   * allocator's timing.
   */
  static CounterTolerance of(Measure measure) {
    switch (measure) {
      case READ_IOPS:
      case READ_BYTES:
      case WRITE_IOPS:
      case WRITE_BYTES:
        return new CounterTolerance(0.001, 0);
      case OS_READ_SYSCALLS:
        // a few calls either way are the process's own background (seen: 1 against 3.4 per
        // invocation of a count_rows benchmark in two runs of one build)
        return new CounterTolerance(0.02, 4);
      case OS_WRITE_SYSCALLS:
        // Lance's threads wake each other by writing to an eventfd, and those writes count: two
        // runs of one build differed by up to 24 %, or 5 or 6 calls, here (bytes barely move: 8
        // per wake-up)
        return new CounterTolerance(0.25, 8);
      case OS_READ_BYTES:
      case OS_WRITE_BYTES:
        return new CounterTolerance(0.02, 4096);
      case OS_STORAGE_READ_BYTES:
        return new CounterTolerance(0.05, 64 * 1024);
      case TOTAL_ALLOCATIONS:
        return new CounterTolerance(0.02, 2);
      case PEAK_MEMORY_BYTES:
        return new CounterTolerance(0.05, 64 * 1024);
      case JVM_ALLOCATED_BYTES:
        return new CounterTolerance(0.05, 64 * 1024);
      default:
        return new CounterTolerance(0.001, 0);
    }
  }

  /**
   * A counter: real beyond its tolerance, or beyond the spread of the baseline runs' values when
   * that is wider (a counter less exact than it looks shows it there).
   */
  static Change judge(Measure measure, List<Double> beforeRuns, double after) {
    CounterTolerance tolerance = of(measure);
    double before = 0;
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (double value : beforeRuns) {
      before += value / beforeRuns.size();
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
    double allowed = tolerance.relative();
    if (beforeRuns.size() > 1 && before != 0) {
      allowed = Math.max(allowed, (high - low) / Math.abs(before));
    }
    double difference = Math.abs(after - before);
    boolean same =
        difference <= tolerance.absolute()
            || (before != 0 && difference / Math.abs(before) <= allowed);
    Verdict verdict = same ? Verdict.SAME : after > before ? Verdict.WORSE : Verdict.BETTER;
    return new Change(
        measure.key(), verdict, before, after, null, null, null, beforeRuns.size(), null);
  }
}
