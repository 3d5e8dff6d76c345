package dev.lancebench.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.measuring.BenchResult;
import dev.lancebench.measuring.Measure;
import dev.lancebench.measuring.MeasureSummary;
import dev.lancebench.measuring.Measured;
import dev.lancebench.measuring.MeasurementSettings;
import dev.lancebench.measuring.TimingStatistics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each format sealed by a golden file under src/test/resources/golden. After an intended change,
 * rerun with {@code -Dgolden.update=true} and review the diff.
 */
class ReportFormatsTests {
  static final Path GOLDEN = Path.of("src/test/resources/golden");

  static RunReport report() {
    RunMetadata metadata =
        new RunMetadata(
            "7.0.0",
            "OpenJDK 64-Bit Server VM 17.0.15",
            "Linux 6.1 amd64",
            2,
            Optional.of("0123456789abcdef0123456789abcdef01234567"),
            Optional.of("main"),
            Optional.of(false),
            Instant.parse("2026-11-29T10:00:00Z"),
            Instant.parse("2026-11-29T10:01:00Z"),
            "/data/lance-benchmarks-ci-datasets",
            "bench.data",
            42L,
            Map.of(),
            Optional.empty(),
            false,
            0,
            Map.of());

    Map<Measure, MeasureSummary> scan = new EnumMap<>(Measure.class);
    scan.put(Measure.CPU_TIME, MeasureSummary.of(List.of(11_000_000.0, 12_500_000.0)));
    scan.put(Measure.READ_IOPS, MeasureSummary.of(List.of(3.0, 3.0)));
    scan.put(Measure.READ_BYTES, MeasureSummary.of(List.of(2_362_328.0, 2_362_328.0)));
    scan.put(Measure.OS_READ_SYSCALLS, MeasureSummary.of(List.of(4.0, 6.0)));
    scan.put(Measure.OS_READ_BYTES, MeasureSummary.of(List.of(2_400_000.0, 2_400_100.0)));
    scan.put(Measure.OS_STORAGE_READ_BYTES, MeasureSummary.of(List.of(0.0, 0.0)));
    scan.put(Measure.OS_WRITE_SYSCALLS, MeasureSummary.of(List.of(12.0, 13.0)));
    scan.put(Measure.OS_WRITE_BYTES, MeasureSummary.of(List.of(96.0, 104.0)));
    scan.put(Measure.PEAK_MEMORY_BYTES, MeasureSummary.of(List.of(40_000_000.0, 52_000_000.0)));
    scan.put(Measure.TOTAL_ALLOCATIONS, MeasureSummary.of(List.of(1_500.0, 1_700.0)));
    scan.put(Measure.JVM_ALLOCATED_BYTES, MeasureSummary.of(List.of(100_000.0, 120_000.0)));
    Map<String, MeasureSummary> details = new LinkedHashMap<>();
    details.put("lance.requests", MeasureSummary.of(List.of(3.0, 3.0)));
    BenchResult scanned =
        new BenchResult(
            "SearchBenchmarks.basicBtreeSearch[small_strings-none]",
            BenchResult.Status.PASSED,
            null,
            new MeasurementSettings(1, 2, 2),
            new Measured(
                2,
                2,
                List.of(9_000_000L, 9_500_000L, 10_000_000L, 12_000_000L),
                TimingStatistics.of(List.of(9_000_000L, 9_500_000L, 10_000_000L, 12_000_000L)),
                scan,
                details,
                Map.of(),
                null),
            Map.of(),
            null);

    Map<Measure, MeasureSummary> osOnly = new EnumMap<>(Measure.class);
    osOnly.put(Measure.OS_READ_SYSCALLS, MeasureSummary.of(List.of(0.0)));
    osOnly.put(Measure.OS_READ_BYTES, MeasureSummary.of(List.of(0.0)));
    osOnly.put(Measure.OS_WRITE_SYSCALLS, MeasureSummary.of(List.of(0.5)));
    osOnly.put(Measure.OS_WRITE_BYTES, MeasureSummary.of(List.of(4.0)));
    BenchResult empty =
        new BenchResult(
            "HarnessBenchmarks.emptyWorkload",
            BenchResult.Status.PASSED,
            null,
            new MeasurementSettings(10, 1, 1),
            new Measured(
                1,
                1,
                List.of(40L),
                TimingStatistics.of(List.of(40L)),
                osOnly,
                Map.of(),
                Map.of(),
                null),
            Map.of("tracker_overhead_ratio", 1.0125),
            null);

    BenchResult failed =
        BenchResult.unmeasured(
            "SearchBenchmarks.basicBtreeSearch[none-equal]",
            BenchResult.Status.FAILED,
            new MeasurementSettings(1, 1, 10),
            "org.opentest4j.AssertionFailedError: expected: 1\n but was: 0");

    return new RunReport(
        metadata,
        List.of(
            empty,
            failed,
            scanned,
            BenchResult.unmeasured(
                "SearchBenchmarks.edaSearch[bools-none]",
                BenchResult.Status.SKIPPED,
                new MeasurementSettings(1, 1, 1),
                "image_eda exists only on Google Cloud"),
            BenchResult.unmeasured(
                "SearchBenchmarks.edaSearch[normals-none]",
                BenchResult.Status.SKIPPED,
                new MeasurementSettings(1, 1, 1),
                "image_eda exists only on Google Cloud")),
        List.of("Memory columns absent: the allocation tracker is not loaded"),
        null);
  }

  static String render(ResultFormat format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    format.write(report(), out);
    return out.toString(StandardCharsets.UTF_8);
  }

  static void assertGolden(String file, String actual) throws IOException {
    Path golden = GOLDEN.resolve(file);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, actual);
    }
    assertThat(actual).isEqualTo(Files.readString(golden));
  }

  @Test
  void table() throws IOException {
    assertGolden("table.txt", render(new TableFormat()));
  }

  @Test
  void bmf() throws IOException {
    assertGolden("bmf.json", render(new BmfFormat()));
  }

  @Test
  void resultsJson() throws IOException {
    assertGolden("results.json", render(new ResultsJsonFormat()));
  }

  @Test
  void outputDoesNotDependOnTheDefaultLocale() throws IOException {
    Locale original = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertGolden("table.txt", render(new TableFormat()));
      assertGolden("bmf.json", render(new BmfFormat()));
    } finally {
      Locale.setDefault(original);
    }
  }

  @Test
  void gitStatusHeadersAreRead() {
    String status =
        "# branch.oid 0123456789abcdef0123456789abcdef01234567\n# branch.head main\n"
            + "1 .M N... 100644 100644 100644 aa bb src/x.java\n";
    assertThat(RunMetadata.header(status, "branch.head")).hasValue("main");
    assertThat(RunMetadata.header(status, "branch.oid"))
        .hasValue("0123456789abcdef0123456789abcdef01234567");
    assertThat(RunMetadata.header(status, "branch.upstream")).isEmpty();
  }

  @Test
  void humanUnits() {
    assertThat(Units.duration(812)).isEqualTo("812 ns");
    assertThat(Units.duration(1_234_567)).isEqualTo("1.23 ms");
    assertThat(Units.duration(2_500_000_000.0)).isEqualTo("2.50 s");
    assertThat(Units.bytes(1023)).isEqualTo("1,023 B");
    assertThat(Units.bytes(2_362_328)).isEqualTo("2.3 MiB");
    assertThat(Units.count(1_234_567)).isEqualTo("1,234,567");
    assertThat(Units.count(1.25)).isEqualTo("1.3");
  }
}
