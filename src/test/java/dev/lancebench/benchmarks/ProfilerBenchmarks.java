package dev.lancebench.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.basic.BasicDataset;
import dev.lancebench.running.Bench;
import dev.lancebench.running.IoMemoryBenchmark;
import java.util.List;
import java.util.PrimitiveIterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import one.profiler.AsyncProfiler;
import org.junit.jupiter.api.Test;
import org.lance.Dataset;
import org.lance.ipc.ScanOptions;
import org.openjdk.jmh.util.ListStatistics;

/** What {@code -Dbench.profile=cpu} costs a benchmark, measured in one run. */
class ProfilerBenchmarks {

  /**
   * A full scan of {@code integers}, with the CPU profiler running during every other invocation
   * (switched in the untimed setup, so both arms see the same machine state and the switching is
   * not timed). {@code profiler_overhead_ratio} = median(profiled) / median(unprofiled).
   */
  @Test
  @IoMemoryBenchmark(warmup = 4, rounds = 1, iterations = 40)
  void profilerOverhead(Bench bench) throws Exception {
    assumeFalse(bench.profiled(), "the run is profiled (bench.profile): the profiler is busy");
    AsyncProfiler profiler = AsyncProfiler.getInstance();
    String event = "event=cpu";
    try {
      profiler.execute("start," + event);
    } catch (IllegalStateException e) {
      event = "event=itimer"; // perf events refused here: the timer, as bench.profile=cpu does
      profiler.execute("start," + event);
    }
    profiler.stop();
    String options = event;
    DatasetHandle basic = bench.dataset(BasicDataset.NAME);
    ScanOptions scan = new ScanOptions.Builder().columns(List.of(BasicDataset.INTEGERS)).build();
    PrimitiveIterator.OfInt invocation = IntStream.iterate(0, i -> i + 1).iterator();
    AtomicInteger profiledRunning = new AtomicInteger();
    long rows;
    try (Dataset dataset = basic.open(bench.allocator())) {
      rows =
          bench.run(
              () -> {
                // warmup (4) is even, so measured invocation i is profiled when i is even
                boolean profiled = invocation.nextInt() % 2 == 0;
                if (profiled) {
                  profiler.execute("resume," + options);
                  if (profiler.execute("status").startsWith("Profiling is running")) {
                    profiledRunning.incrementAndGet();
                  }
                } else {
                  profiler.stop();
                }
                return profiled;
              },
              profiled -> bench.scan(dataset, scan));
    } finally {
      try {
        profiler.stop();
      } catch (IllegalStateException e) {
        // already stopped
      }
    }
    assertThat(rows).isEqualTo(basic.rows());
    // the profiled arm really ran under the profiler: half the warmup and half the measured ones
    assertThat(profiledRunning.get()).isEqualTo(2 + 20);

    List<Long> samples = bench.samplesNanos();
    ListStatistics profiled = new ListStatistics();
    ListStatistics unprofiled = new ListStatistics();
    for (int i = 0; i < samples.size(); i++) {
      (i % 2 == 0 ? profiled : unprofiled).addValue(samples.get(i));
    }
    bench.extra(
        "profiler_overhead_ratio", profiled.getPercentile(50) / unprofiled.getPercentile(50));
  }
}
