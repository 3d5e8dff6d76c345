package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lancebench.datasets.basic.BasicDataset;
import dev.lancebench.measuring.ChildJvm;
import dev.lancebench.settings.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The memory measures end to end: with the tracker preloaded, without it, and the JVM side. */
class MemoryMeasuresTests {
  @TempDir Path data;
  @TempDir Path out;

  @Test
  @EnabledOnOs(OS.LINUX)
  void aLanceScanUnderTheTrackerHasPeakAndAllocations() throws Exception {
    Optional<Path> library = ChildJvm.trackerLibrary();
    assumeTrue(library.isPresent(), ChildJvm::whyNoLibrary);

    ChildJvm child = ChildJvm.run(library, PreloadedBench.class, data.toString(), out.toString());

    assertThat(child.exitCode).as(child.output).isZero();
    assertThat(child.output).doesNotContain("Memory tracking not available");
    JsonNode bmf = new ObjectMapper().readTree(out.resolve("bmf.json").toFile());
    JsonNode scan = bmf.get("LanceScanTestCase.integersColumn");
    assertThat(scan.at("/peak_memory_bytes/value").asLong()).isPositive();
    assertThat(scan.at("/total_allocations/value").asDouble()).isPositive();
    // two rounds: the peak's value is the larger round, and the bounds are given
    assertThat(scan.at("/peak_memory_bytes/value").asLong())
        .isEqualTo(scan.at("/peak_memory_bytes/upper_value").asLong());
    assertThat(child.output).contains("Peak Mem", "Allocs");

    // the files under the dataset folder: at least the reads Lance counts for the scan, and for
    // a take, which Lance's scan statistics leave out, reads all the same
    assertThat(scan.at("/file_read_ops/value").asDouble())
        .isGreaterThanOrEqualTo(scan.at("/read_iops/value").asDouble())
        .isPositive();
    assertThat(scan.at("/file_read_bytes/value").asDouble()).isPositive();
    JsonNode take = bmf.get("TakeTestCase.takeRows");
    assertThat(take.has("read_iops")).isFalse();
    assertThat(take.at("/file_read_ops/value").asDouble()).isPositive();
    assertThat(take.at("/file_read_bytes/value").asDouble()).isPositive();
    // nothing was written to the dataset's files, and a workload that reads nothing reads no file
    assertThat(take.at("/file_write_ops/value").asDouble()).isZero();
    assertThat(bmf.get("LanceScanTestCase.noScan").at("/file_read_ops/value").asDouble()).isZero();
    assertThat(child.output).contains("File Reads", "File Read Bytes");
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void nativememProfilingBesideTheTrackerIsRefusedNamingTheFlagToDrop() throws Exception {
    Optional<Path> library = ChildJvm.trackerLibrary();
    assumeTrue(library.isPresent(), ChildJvm::whyNoLibrary);

    ChildJvm child =
        ChildJvm.run(
            library,
            PreloadedBench.class,
            data.toString(),
            out.toString(),
            "bench.profile=nativemem");

    assertThat(child.exitCode).as(child.output).isNotZero();
    assertThat(child.output)
        .contains("bench.profile=nativemem and -Dbench.memtrack both intercept malloc")
        .contains("Drop -Dbench.memtrack");
  }

  @Test
  void withoutTheTrackerTheMemoryMeasuresAreAbsentAndTheTableSaysWhy() throws Exception {
    BenchRun run =
        BenchRun.of(
            out,
            Map.of(
                Settings.DATA.key(),
                data.toString(),
                BasicDataset.ROWS_SETTING.key(),
                Long.toString(BenchExtensionTests.ROWS)),
            BenchFixtures.LanceScanTestCase.class);

    JsonNode scan = run.bmf().get("LanceScanTestCase.integersColumn");
    assertThat(scan.has("peak_memory_bytes")).isFalse();
    assertThat(scan.has("total_allocations")).isFalse();
    assertThat(scan.has("read_bytes")).isTrue();
    assertThat(run.console)
        .containsOnlyOnce("Note: Memory tracking not available: run with -Dbench.memtrack");
    assertThat(run.resultsJson().at("/notes/0").asText())
        .startsWith("Memory tracking not available");
  }

  @Test
  void jvmAllocatedBytesOfAKnownAllocation() throws Exception {
    BenchRun run = BenchRun.of(out, Map.of(), BenchFixtures.JvmAllocationTestCase.class);
    run.results.testEvents().assertStatistics(s -> s.succeeded(1));

    JsonNode bmf = run.bmf().get("JvmAllocationTestCase.hundredMegabytes");
    long expected = BenchFixtures.JvmAllocationTestCase.BYTES;
    assertThat(bmf.at("/jvm_allocated_bytes/value").asLong())
        .isBetween(expected, expected + expected / 50);
    JsonNode details = run.benchmark("JvmAllocationTestCase.hundredMegabytes").get("details");
    assertThat(details.has("jvm.gc_count")).isTrue();
    assertThat(details.has("jvm.gc_time_ms")).isTrue();
  }
}
