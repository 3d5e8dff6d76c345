package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lancebench.datasets.basic.BasicDataset;
import dev.lancebench.settings.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.lance.Dataset;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;
import org.lance.ipc.ScanStats;

/** The extension run for real through the Jupiter engine, over a small real Lance dataset. */
class BenchExtensionTests {
  static final long ROWS = 2_000;

  @TempDir static Path data;

  @TempDir Path out;

  static Map<String, String> dataConfig() {
    return Map.of(
        Settings.DATA.key(), data.toString(), BasicDataset.ROWS_SETTING.key(), Long.toString(ROWS));
  }

  @BeforeAll
  static void writeOsIoInput() throws Exception {
    Path file = data.resolve("input.bin");
    byte[] bytes = new byte[BenchFixtures.OsIoTestCase.READ_BYTES];
    new Random(1).nextBytes(bytes);
    Files.write(file, bytes);
    BenchFixtures.OsIoTestCase.file = file;
  }

  @Test
  void warmupAndMeasuredInvocationsAreCounted() throws Exception {
    BenchFixtures.CountingTestCase.INVOCATIONS.set(0);
    BenchRun run = BenchRun.of(out, Map.of(), BenchFixtures.CountingTestCase.class);

    run.results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    assertThat(BenchFixtures.CountingTestCase.INVOCATIONS).hasValue(2 + 3 * 4);
    JsonNode result = run.benchmark("CountingTestCase.counted");
    assertThat(result.get("warmup").asInt()).isEqualTo(2);
    assertThat(result.get("rounds").asInt()).isEqualTo(3);
    assertThat(result.get("iterations").asInt()).isEqualTo(4);
    assertThat(result.get("samples_ns")).hasSize(12);
    assertThat(result.at("/latency_ns/n").asInt()).isEqualTo(12);
    assertThat(result.at("/latency_ns/ci99_9/lower").isNumber()).isTrue();
  }

  @Test
  void lanceScanStatsAreRecordedExactlyAsLanceGivesThem() throws Exception {
    BenchRun run = BenchRun.of(out, dataConfig(), BenchFixtures.LanceScanTestCase.class);
    run.results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));

    ScanStats expected = scanStatsOfSecondScan();
    JsonNode bmf = run.bmf().get("LanceScanTestCase.integersColumn");
    assertThat(bmf.at("/read_iops/value").asLong()).isEqualTo(expected.getIops());
    assertThat(bmf.at("/read_bytes/value").asLong()).isEqualTo(expected.getBytesRead());
    assertThat(expected.getBytesRead()).isPositive();
    // two rounds: bounds are given, and equal for a deterministic counter
    assertThat(bmf.at("/read_bytes/lower_value").asLong()).isEqualTo(expected.getBytesRead());
    assertThat(bmf.at("/read_bytes/upper_value").asLong()).isEqualTo(expected.getBytesRead());
    JsonNode details = run.benchmark("LanceScanTestCase.integersColumn").get("details");
    assertThat(details.at("/lance.requests/mean").asLong()).isEqualTo(expected.getRequests());
    assertThat(details.at("/lance.counts.rows_scanned/mean").asLong()).isEqualTo(ROWS);

    // a workload that ran no scan has no Lance numbers: absent, not zero
    JsonNode noScan = run.bmf().get("LanceScanTestCase.noScan");
    assertThat(noScan.has("latency")).isTrue();
    assertThat(noScan.has("read_iops")).isFalse();
    assertThat(noScan.has("read_bytes")).isFalse();
  }

  /** The stats of the same scan, run directly against lance-core after one warm-up scan. */
  private static ScanStats scanStatsOfSecondScan() throws Exception {
    String uri = data.resolve(BasicDataset.NAME + ".lance").toString();
    ScanOptions options =
        new ScanOptions.Builder(BenchFixtures.integersScan()).collectStats(true).build();
    List<ScanStats> stats = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator();
        Dataset dataset = Dataset.open(uri, allocator)) {
      for (int i = 0; i < 2; i++) {
        try (LanceScanner scanner = dataset.newScan(options)) {
          try (ArrowReader reader = scanner.scanBatches()) {
            while (reader.loadNextBatch()) {
              // read to the end: Lance fills the stats then
            }
          }
          stats.add(scanner.getStats().orElseThrow());
        }
      }
    }
    return stats.get(1);
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void osCountersSeeTheWorkloadsReadsAndWrites() throws Exception {
    BenchRun run = BenchRun.of(out, Map.of(), BenchFixtures.OsIoTestCase.class);
    run.results.testEvents().assertStatistics(s -> s.succeeded(1));

    JsonNode bmf = run.bmf().get("OsIoTestCase.readAndWrite");
    int read = BenchFixtures.OsIoTestCase.READ_BYTES;
    int written = BenchFixtures.OsIoTestCase.WRITE_BYTES;
    // process-wide counters: the workload's bytes plus whatever else the JVM did meanwhile
    assertThat(bmf.at("/os_read_bytes/value").asLong()).isBetween((long) read, read + 256L * 1024);
    assertThat(bmf.at("/os_read_syscalls/value").asLong()).isBetween(16L, 1_000L);
    assertThat(bmf.at("/os_write_bytes/value").asLong())
        .isBetween((long) written, written + 256L * 1024);
    assertThat(bmf.at("/os_write_syscalls/value").asLong()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void tableIsPrintedWithEveryColumnAndItsSources() throws Exception {
    BenchRun run = BenchRun.of(out, dataConfig(), BenchFixtures.LanceScanTestCase.class);

    assertThat(run.console)
        .contains("lance-bench results (2 benchmarks)")
        .contains("Test", "Latency (median)", "Read IOPS", "Read Bytes")
        .contains("OS Reads", "OS Read Bytes", "OS Writes", "OS Write Bytes", "JVM Alloc")
        .contains("Read IOPS, Read Bytes: Lance scan stats (LanceScanner.getStats)")
        .contains("OS Read Bytes, OS Writes, OS Write Bytes: /proc/self/io (syscr, rchar")
        // columns no source filled are left out, in one line saying why
        .contains(
            "Not shown, as nothing in this run measured them: Write IOPS, Write Bytes: Lance "
                + "write counters: not exposed by lance-core 7.0.0; File Reads, File Read Bytes, "
                + "File Writes, File Write Bytes: the preloaded tracker")
        .contains("Peak Mem, Allocs: allocation tracker (-Dbench.memtrack)")
        // this JVM has no tracker preloaded: one line says so and what to do
        .containsOnlyOnce("Memory tracking not available: ");
    String header =
        run.console.lines().filter(l -> l.startsWith("Test ")).findFirst().orElseThrow();
    assertThat(header).doesNotContain("Write IOPS", "File Reads", "Peak Mem");
    // sorted by read bytes, largest first: the scan before the workload that read nothing
    assertThat(run.console.indexOf("LanceScanTestCase.integersColumn"))
        .isLessThan(run.console.indexOf("LanceScanTestCase.noScan"));
  }

  @Test
  void bmfAndResultsJsonHaveTheDocumentedStructure() throws Exception {
    BenchRun run = BenchRun.of(out, dataConfig(), BenchFixtures.LanceScanTestCase.class);

    JsonNode bmf = run.bmf();
    assertThat(bmf.fieldNames())
        .toIterable()
        .containsExactly("LanceScanTestCase.integersColumn", "LanceScanTestCase.noScan");
    JsonNode latency = bmf.at("/LanceScanTestCase.integersColumn/latency");
    JsonNode results = run.benchmark("LanceScanTestCase.integersColumn");
    assertThat(latency.get("value").asDouble())
        .isEqualTo(results.at("/latency_ns/median").asDouble());
    assertThat(latency.get("lower_value").asDouble())
        .isEqualTo(results.at("/latency_ns/min").asDouble());
    assertThat(latency.get("upper_value").asDouble())
        .isEqualTo(results.at("/latency_ns/max").asDouble());
    assertThat(latency.get("value").asDouble()).isPositive();

    JsonNode json = run.resultsJson();
    assertThat(json.at("/metadata/lance_core_version").asText()).isEqualTo("7.0.0");
    assertThat(json.at("/metadata/cores").asInt())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(json.at("/metadata/jvm").asText()).contains(System.getProperty("java.vm.name"));
    assertThat(json.at("/metadata/dataset_location").asText()).isEqualTo(data.toString());
    assertThat(json.at("/measures/read_bytes/unit").asText()).isEqualTo("B");
    assertThat(results.get("status").asText()).isEqualTo("passed");
    assertThat(results.at("/measures/read_bytes/per_round")).hasSize(2);
    assertThat(out.resolve("bmf.json")).exists();
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary files are left beside the outputs (and the run's journal)")
          .containsExactlyInAnyOrder(
              "bmf.json",
              "results.json",
              "report.html",
              "durations.json",
              "journal.jsonl",
              OutputLock.FILE);
    }
  }

  @Test
  void aFailingBenchmarkDoesNotLoseTheOthers() throws Exception {
    BenchRun run = BenchRun.of(out, Map.of(), BenchFixtures.MixedOutcomesTestCase.class);

    run.results.testEvents().assertStatistics(s -> s.started(3).succeeded(1).failed(2));
    run.results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("workloadThrows"),
                finishedWithFailure(
                    instanceOf(IllegalStateException.class), message("boom in the workload"))));

    assertThat(run.bmf().fieldNames()).toIterable().containsExactly("MixedOutcomesTestCase.passes");
    JsonNode thrown = run.benchmark("MixedOutcomesTestCase.workloadThrows");
    assertThat(thrown.get("status").asText()).isEqualTo("failed");
    assertThat(thrown.get("failure").asText()).contains("boom in the workload");
    JsonNode checked = run.benchmark("MixedOutcomesTestCase.checkFailsAfterMeasuring");
    assertThat(checked.get("status").asText()).isEqualTo("failed");
    assertThat(checked.get("failure").asText()).contains("work done");
    // it was measured before its check failed: the numbers are kept for a look, not uploaded
    assertThat(checked.get("samples_ns")).hasSize(1);
    assertThat(run.console).contains("FAILED MixedOutcomesTestCase.workloadThrows");
  }

  @Test
  void parameterizedBenchmarksAreNamedAfterTheirArguments() throws Exception {
    BenchRun run = BenchRun.of(out, Map.of(), BenchFixtures.ParameterizedTestCase.class);

    run.results.testEvents().assertStatistics(s -> s.succeeded(2));
    assertThat(run.bmf().fieldNames())
        .toIterable()
        .containsExactly(
            "ParameterizedTestCase.search[none-equal]",
            "ParameterizedTestCase.search[small_strings-not_equal]");
  }

  @Test
  void metaAnnotationCarriesTheSettings() throws Exception {
    BenchRun run = BenchRun.of(out, Map.of(), BenchFixtures.MetaAnnotationTestCase.class);

    run.results.testEvents().assertStatistics(s -> s.succeeded(1));
    JsonNode result = run.benchmark("MetaAnnotationTestCase.quick");
    assertThat(result.get("rounds").asInt()).isEqualTo(2);
    assertThat(result.get("samples_ns")).hasSize(10);
  }

  @Test
  void misconfiguredBenchmarksFailWithAMessageThatNamesTheMethod() {
    BenchRun run = BenchRun.of(out, Map.of(), BenchFixtures.MisconfiguredTestCase.class);

    run.results.testEvents().assertStatistics(s -> s.started(4).failed(4));
    run.results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("zeroRounds"),
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        m ->
                            m.startsWith("Configuration error: @IoMemoryBenchmark on method [")
                                && m.contains("zeroRounds")
                                && m.endsWith("must have rounds >= 1, but it is 0")))))
        .haveExactly(
            1,
            event(
                test("noBenchParameter"),
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(m -> m.contains("must declare a parameter of type")))))
        .haveExactly(
            1,
            event(
                test("neverRuns"),
                finishedWithFailure(message(m -> m.contains("never called bench.run")))))
        .haveExactly(
            1,
            event(
                test("runsTwice"),
                finishedWithFailure(message(m -> m.contains("bench.run was already called")))));
  }

  @Test
  void anUnwritableOutputIsReportedAndTheOtherFileIsStillWritten() throws Exception {
    Path blocker = out.resolve("not-a-folder");
    Files.writeString(blocker, "a file where the BMF folder should be");
    BenchRun run =
        BenchRun.of(
            out,
            Map.of(Settings.BMF.key(), blocker.resolve("bmf.json").toString()),
            BenchFixtures.CountingTestCase.class);

    run.failsAtItsEndWith(
        m ->
            m.contains("Could not write " + blocker.resolve("bmf.json"))
                && m.contains("-Dbench.bmf=PATH"));
    assertThat(out.resolve("results.json")).exists();
    assertThat(run.benchmark("CountingTestCase.counted").get("status").asText())
        .isEqualTo("passed");
  }
}
