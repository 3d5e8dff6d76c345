package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cpu_time and the machine's load, measured around real invocations. */
class MachineMeasuresTests {
  @TempDir Path out;

  @BeforeEach
  void linuxOnly() {
    Assumptions.assumeTrue(
        System.getProperty("os.name").toLowerCase().contains("linux"), "/proc is Linux's");
  }

  /** One invocation that uses 30 ms of CPU on its thread, one that sleeps 200 ms. */
  @Tag("fixture")
  static class CpuTimeTestCase {
    static final long SPIN_NANOS = 30_000_000;

    @Test
    @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 1)
    void spins(Bench bench) {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long spun =
          bench.run(
              () -> {
                long start = threads.getCurrentThreadCpuTime();
                long x = 0;
                while (threads.getCurrentThreadCpuTime() - start < SPIN_NANOS) {
                  x++;
                }
                return x;
              });
      assertThat(spun).isPositive();
    }

    /**
     * Five rounds: cpu_time counts every thread of the process, and a burst of another thread's
     * work (the JIT, a collector, native threads an earlier test left) may land in one sleep; the
     * median of five does not follow it.
     */
    @Test
    @IoMemoryBenchmark(warmup = 0, rounds = 5, iterations = 1)
    void sleeps(Bench bench) {
      bench.run(
          () -> {
            Thread.sleep(200);
            return 1;
          });
    }
  }

  /** Gives the CPUs away for 0.6 s, so that whatever else runs shows. */
  @Tag("fixture")
  static class WaitingTestCase {
    @Test
    @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 2)
    void waits(Bench bench) {
      bench.run(
          () -> {
            Thread.sleep(300);
            return 1;
          });
    }
  }

  @Test
  void cpuTimeCountsWorkAndNotWaiting() throws Exception {
    BenchRun run = BenchRun.of(out, Map.of(), CpuTimeTestCase.class);
    run.results.testEvents().assertStatistics(s -> s.succeeded(2));
    JsonNode bmf = run.bmf();
    assertThat(bmf.at("/CpuTimeTestCase.spins/cpu_time/value").asDouble())
        .isGreaterThanOrEqualTo(CpuTimeTestCase.SPIN_NANOS);
    double slept = bmf.at("/CpuTimeTestCase.sleeps/latency/value").asDouble();
    assertThat(slept).isGreaterThanOrEqualTo(200e6);
    // the median round: one round's burst of another thread's work does not decide it
    List<Double> rounds = new ArrayList<>();
    run.benchmark("CpuTimeTestCase.sleeps")
        .at("/measures/cpu_time/per_round")
        .forEach(r -> rounds.add(r.asDouble()));
    assertThat(rounds).hasSize(5);
    Collections.sort(rounds);
    assertThat(rounds.get(2)).isLessThan(slept / 2);
    assertThat(run.console).contains("CPU Time");
  }

  @Test
  void aBenchmarkMeasuredBesideACpuBurnerIsMarkedBusy() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    List<Process> burners = new ArrayList<>();
    BenchRun run;
    try {
      for (int i = 0; i < cores; i++) {
        burners.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
      }
      run = BenchRun.of(out, Map.of(), WaitingTestCase.class);
    } finally {
      burners.forEach(Process::destroyForcibly);
    }
    run.results.testEvents().assertStatistics(s -> s.succeeded(1));
    JsonNode load = run.benchmark("WaitingTestCase.waits").get("machine_load");
    assertThat(load.get("other_processes_cores").asDouble()).isGreaterThan(0.5);
    assertThat(load.get("busy").asBoolean()).isTrue();
    assertThat(run.console)
        .contains("WaitingTestCase.waits [busy]")
        .containsPattern("\\[busy\\] WaitingTestCase.waits: other processes used [0-9.]+ cores of");
  }

  @Test
  void everyMeasuredBenchmarkSaysHowBusyTheMachineWas() throws Exception {
    // without a burner the figure is there; whether it is busy depends on what else runs here
    BenchRun run = BenchRun.of(out, Map.of(), WaitingTestCase.class);
    JsonNode load = run.benchmark("WaitingTestCase.waits").get("machine_load");
    assertThat(load.get("seconds").asDouble()).isGreaterThanOrEqualTo(0.6);
    assertThat(load.get("other_processes_cores").asDouble()).isBetween(0.0, cores() + 0.5);
    assertThat(load.get("cores").asInt()).isEqualTo(cores());
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }
}
