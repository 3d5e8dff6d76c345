package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.settings.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stall watch on a clock and a CPU counter of its test's own: what it says, and when not. */
class StallWatchTests {
  final AtomicLong wall = new AtomicLong();
  final AtomicLong cpu = new AtomicLong();
  final ByteArrayOutputStream said = new ByteArrayOutputStream();
  final StallWatch watch =
      new StallWatch(
          Duration.ofSeconds(60),
          cpu::get,
          wall::get,
          new PrintStream(said, true, StandardCharsets.UTF_8));

  String said() {
    return said.toString(StandardCharsets.UTF_8);
  }

  void after(double seconds, double cpuSeconds) {
    wall.addAndGet((long) (seconds * 1e9));
    cpu.addAndGet((long) (cpuSeconds * 1e9));
    watch.check();
  }

  @Test
  void sixtySecondsWithoutCpuAreReportedOnceWithTheWatchedThreadsStack() {
    watch.watch("IndexBuildBenchmarks.ftsIndexBuild[true]", Thread.currentThread());
    after(30, 0.1);
    assertThat(said()).isEmpty();
    after(31, 0.1);
    assertThat(said())
        .contains("lance-bench: IndexBuildBenchmarks.ftsIndexBuild[true] has made no progress")
        .contains("used 0.20 s of CPU in the last 61 s")
        .contains("at dev.lancebench.running.StallWatchTests.")
        .contains("LANCE_CPU_THREADS");
    after(60, 0);
    assertThat(said().split("has made no progress", -1)).hasSize(2); // once per stall
  }

  @Test
  void workThatUsesCpuIsNotAStallAndAFinishedOneIsNotWatched() {
    watch.watch("busy", Thread.currentThread());
    for (int i = 0; i < 10; i++) {
      after(30, 5); // a slow invocation at work
    }
    assertThat(said()).isEmpty();
    watch.done();
    after(600, 0);
    assertThat(said()).isEmpty();
  }

  @Test
  void progressAfterAStallStartsTheWindowAgain() {
    watch.watch("waits, then works", Thread.currentThread());
    after(61, 0);
    after(10, 20);
    after(61, 0);
    assertThat(said().split("has made no progress", -1)).hasSize(3);
  }

  @Test
  void aBenchmarkThatUsesNoCpuIsNamedWhileItRuns(@TempDir Path out) {
    BenchRun run =
        BenchRun.of(
            out,
            Map.of(Settings.STALL_AFTER.key(), "1s", Settings.PRIME.key(), "false"),
            BenchFixtures.StallingTestCase.class);
    run.results.testEvents().assertStatistics(stats -> stats.succeeded(1));
    assertThat(run.console)
        .contains("lance-bench: StallingTestCase.waits has made no progress")
        .contains("Thread.sleep");
  }
}
