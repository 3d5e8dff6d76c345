package dev.lancebench.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.running.Bench;
import dev.lancebench.running.IoMemoryBenchmark;
import org.junit.jupiter.api.Test;

/** The suite measuring itself: what the harness adds to every latency it reports. */
class HarnessBenchmarks {

  /**
   * An empty workload: its latency is the harness's own per-invocation cost (two nanoTime calls,
   * the workload call and the Blackhole), which every other latency carries too.
   */
  @Test
  @IoMemoryBenchmark(warmup = 10_000, rounds = 20, iterations = 1_000)
  void emptyWorkload(Bench bench) {
    Integer result = bench.run(() -> 42);
    assertThat(result).isEqualTo(42);
  }
}
