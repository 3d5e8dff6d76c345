package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lancebench.datasets.basic.BasicDataset;
import dev.lancebench.settings.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the next benchmarks need from the harness, run through the extension on real data: an
 * untimed setup, cache states, a minimum measured time, and benchmarks kept apart under parallel
 * execution.
 */
class HarnessFeaturesTests {
  static final int FILE_BYTES = 4 << 20;

  @TempDir static Path data;
  @TempDir Path out;

  @BeforeAll
  static void writeSetupInput() throws Exception {
    byte[] bytes = new byte[FILE_BYTES];
    new Random(5).nextBytes(bytes);
    Path file = data.resolve("setup-input.bin");
    Files.write(file, bytes);
    BenchFixtures.SetupTestCase.file = file;
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void aSlowReadingAllocatingSetupChangesNeitherLatencyNorAnyMeasure() throws Exception {
    BenchFixtures.SetupTestCase.SETUPS.set(0);
    BenchRun run = BenchRun.of(out, Map.of(), BenchFixtures.SetupTestCase.class);
    run.results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

    assertThat(BenchFixtures.SetupTestCase.SETUPS).hasValue(1 + 2 * 3);
    JsonNode with = run.bmf().get("SetupTestCase.withSetup");
    JsonNode without = run.bmf().get("SetupTestCase.withoutSetup");
    // the setup sleeps 30 ms before every invocation: none of it is in any sample
    assertThat(with.at("/latency/upper_value").asDouble())
        .isLessThan(BenchFixtures.SetupTestCase.SETUP_SLEEP_MS * 1e6 / 10);
    // it reads 4 MiB and allocates 8 MiB before every invocation: none of it is counted
    assertThat(with.at("/os_read_bytes/value").asDouble())
        .isLessThanOrEqualTo(without.at("/os_read_bytes/value").asDouble() + 4096);
    assertThat(with.at("/os_read_syscalls/value").asDouble())
        .isLessThanOrEqualTo(without.at("/os_read_syscalls/value").asDouble() + 2);
    assertThat(with.at("/jvm_allocated_bytes/value").asDouble())
        .isLessThan(BenchFixtures.SetupTestCase.SETUP_ALLOCATION / 16.0);
    assertThat(with.at("/os_storage_read_bytes/value").asDouble()).isZero();
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void noCacheReadsFromStorageInAFreshSessionEachTimeAndCacheDoesNot() throws Exception {
    BenchRun run =
        BenchRun.of(
            out,
            Map.of(Settings.DATA.key(), data.toString(), BasicDataset.ROWS_SETTING.key(), "50000"),
            BenchFixtures.CacheTestCase.class);
    run.results.testEvents().assertStatistics(s -> s.succeeded(4).failed(0));

    // cold, as upstream's no_cache: the open is inside the timed invocation, after the page cache
    // was dropped, so an invocation that reads no data still fetches the manifest from storage
    JsonNode coldOpen = run.bmf().get("CacheTestCase.open[no_cache]");
    assertThat(coldOpen.at("/os_storage_read_bytes/value").asDouble()).isPositive();
    assertThat(coldOpen.at("/os_read_syscalls/value").asDouble()).isGreaterThanOrEqualTo(1);

    JsonNode cold = run.bmf().get("CacheTestCase.scan[no_cache]");
    JsonNode warm = run.bmf().get("CacheTestCase.scan[cache]");
    double readBytes = cold.at("/read_bytes/value").asDouble();
    assertThat(readBytes).isPositive();
    // cold: what Lance read came from storage (the page cache was dropped before each invocation)
    assertThat(cold.at("/os_storage_read_bytes/value").asDouble())
        .isGreaterThanOrEqualTo(readBytes * 0.9);
    // warm: the page cache serves it all
    assertThat(warm.at("/os_storage_read_bytes/value").asDouble()).isZero();

    List<BenchFixtures.CacheTestCase.Seen> coldSeen =
        BenchFixtures.CacheTestCase.SEEN.get(Cache.no_cache);
    List<BenchFixtures.CacheTestCase.Seen> warmSeen =
        BenchFixtures.CacheTestCase.SEEN.get(Cache.cache);
    assertThat(coldSeen).hasSize(1 + 3);
    assertThat(warmSeen).hasSize(1 + 3);
    // the comparison itself works: a dataset's session is the same as itself
    assertThat(coldSeen).allMatch(BenchFixtures.CacheTestCase.Seen::sessionIsStable);
    assertThat(warmSeen).allMatch(BenchFixtures.CacheTestCase.Seen::sessionIsStable);
    // cold: opened anew for every invocation, in a session shared with no other open
    assertThat(coldSeen)
        .extracting(BenchFixtures.CacheTestCase.Seen::dataset)
        .doesNotHaveDuplicates();
    assertThat(coldSeen).noneMatch(BenchFixtures.CacheTestCase.Seen::sharesSessionWithOtherOpen);
    // warm: one open dataset for every invocation
    assertThat(warmSeen)
        .extracting(BenchFixtures.CacheTestCase.Seen::dataset)
        .containsOnly(warmSeen.get(0).dataset());
  }

  @Test
  void aMinimumTimeMeasuresMoreRoundsAndRecordsWhatItDid() throws Exception {
    BenchRun run =
        BenchRun.of(
            out, Map.of(Settings.MIN_TIME.key(), "30ms"), BenchFixtures.MinTimeTestCase.class);
    run.results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

    JsonNode annotated = run.benchmark("MinTimeTestCase.fromTheAnnotation");
    assertThat(annotated.get("min_time_ns").asLong()).isEqualTo(60_000_000L); // the longer one
    assertThat(annotated.get("planned_rounds").asInt()).isEqualTo(1);
    assertThat(annotated.get("rounds").asInt()).isGreaterThan(1);
    assertThat(annotated.get("samples_ns")).hasSize(annotated.get("rounds").asInt() * 2);
    long total = 0;
    for (JsonNode sample : annotated.get("samples_ns")) {
      total += sample.asLong();
    }
    assertThat(total).isGreaterThanOrEqualTo(60_000_000L);
    assertThat(annotated.at("/latency_ns/ci99_9/lower").isNumber()).isTrue();

    JsonNode fromSetting = run.benchmark("MinTimeTestCase.fromTheSetting");
    assertThat(fromSetting.get("min_time_ns").asLong()).isEqualTo(30_000_000L);
    assertThat(fromSetting.get("rounds").asInt()).isGreaterThan(1);
  }

  @Test
  void benchmarksNeverRunAtOnceUnderParallelExecution() throws Exception {
    BenchFixtures.OverlapTestCase.SPANS.clear();
    BenchRun run =
        BenchRun.of(
            out,
            Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "3"),
            BenchFixtures.OverlapTestCase.class);
    run.results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));

    List<long[]> spans = BenchFixtures.OverlapTestCase.SPANS;
    assertThat(spans).hasSize(3);
    spans.sort((a, b) -> Long.compare(a[0], b[0]));
    for (int i = 1; i < spans.size(); i++) {
      assertThat(spans.get(i)[0])
          .as("benchmark %d starts after %d ended", i, i - 1)
          .isGreaterThanOrEqualTo(spans.get(i - 1)[1]);
    }
  }
}
