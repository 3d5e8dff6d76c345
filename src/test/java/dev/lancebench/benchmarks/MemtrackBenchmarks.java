package dev.lancebench.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.basic.BasicDataset;
import dev.lancebench.measuring.NativeAllocationTracker;
import dev.lancebench.running.Bench;
import dev.lancebench.running.IoMemoryBenchmark;
import java.util.List;
import java.util.Optional;
import java.util.PrimitiveIterator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.lance.ipc.ScanOptions;
import org.openjdk.jmh.util.ListStatistics;

/** The allocation tracker measuring its own cost. */
class MemtrackBenchmarks {

  /**
   * The same full scan of {@code small_strings} (allocation-heavy: one string buffer per batch),
   * alternating between invocations with the tracker counting and only forwarding, so both arms see
   * the same machine state. {@code tracker_overhead_ratio} = median(counting) / median(forwarding);
   * the target is at most 1.03. Needs {@code -Dbench.memtrack}.
   */
  @Test
  @IoMemoryBenchmark(warmup = 4, rounds = 1, iterations = 60)
  void trackerOverhead(Bench bench) {
    Optional<NativeAllocationTracker> found = NativeAllocationTracker.inProcess();
    assumeTrue(
        found.isPresent(), "the allocation tracker is not loaded: run with -Dbench.memtrack");
    NativeAllocationTracker tracker = found.get();
    DatasetHandle basic = bench.dataset(BasicDataset.NAME);
    ScanOptions scan =
        new ScanOptions.Builder().columns(List.of(BasicDataset.SMALL_STRINGS)).build();
    PrimitiveIterator.OfInt invocation = IntStream.iterate(0, i -> i + 1).iterator();

    long rows =
        bench.run(
            basic,
            dataset -> {
              // warmup (4) is even, so measured invocation i counts when i is even
              tracker.setCounting(invocation.nextInt() % 2 == 0);
              try {
                return bench.scan(dataset, scan);
              } finally {
                tracker.setCounting(true);
              }
            });
    assertThat(rows).isEqualTo(basic.rows());

    List<Long> samples = bench.samplesNanos();
    ListStatistics counting = new ListStatistics();
    ListStatistics forwarding = new ListStatistics();
    for (int i = 0; i < samples.size(); i++) {
      (i % 2 == 0 ? counting : forwarding).addValue(samples.get(i));
    }
    bench.extra(
        "tracker_overhead_ratio", counting.getPercentile(50) / forwarding.getPercentile(50));
  }
}
