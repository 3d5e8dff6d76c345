package dev.lancebench.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lancebench.measuring.BenchResult;
import dev.lancebench.measuring.Measure;
import dev.lancebench.measuring.MeasureSummary;
import dev.lancebench.measuring.Measured;
import dev.lancebench.measuring.MeasurementSettings;
import dev.lancebench.measuring.TimingStatistics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison's judgement on known samples, and the compared table sealed by a golden file. */
class ComparisonTests {
  @TempDir Path dir;

  /** n samples around {@code centre} nanoseconds with a spread of a few percent, seeded. */
  static List<Long> samples(long seed, int n, double centre) {
    Random random = new Random(seed);
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(Math.round(centre * (1 + 0.03 * random.nextGaussian())));
    }
    return values;
  }

  @Test
  void twoDrawsOfOneDistributionAreTheSame() {
    int significant = 0;
    for (int seed = 0; seed < 100; seed++) {
      Comparison.Change change =
          LatencyStatistics.latency(
              "b" + seed,
              List.of(samples(seed, 20, 1e6)),
              samples(1000 + seed, 20, 1e6),
              0.01,
              0,
              Double.NaN);
      if (change.verdict() != Comparison.Verdict.SAME) {
        significant++;
      }
    }
    // the test's level is 1 %: among 100 unchanged pairs a few false alarms are possible, not many
    assertThat(significant).isLessThanOrEqualTo(5);
  }

  @Test
  void aTenPercentSlowdownIsRealAndItsIntervalHoldsTheRatio() {
    Comparison.Change change =
        LatencyStatistics.latency(
            "slow", List.of(samples(1, 20, 1e6)), samples(2, 20, 1.1e6), 0.01, 3, Double.NaN);
    assertThat(change.verdict()).isEqualTo(Comparison.Verdict.WORSE);
    assertThat(change.pValue()).isLessThan(0.01);
    assertThat(change.ratio()).isBetween(1.05, 1.15);
    assertThat(change.ratioLower()).isLessThan(change.ratio()).isGreaterThan(1.0);
    assertThat(change.ratioUpper()).isGreaterThan(change.ratio());
    assertThat(change.label()).startsWith("+").doesNotContain("~");

    Comparison.Change faster =
        LatencyStatistics.latency(
            "fast", List.of(samples(1, 20, 1.1e6)), samples(2, 20, 1e6), 0.01, 3, Double.NaN);
    assertThat(faster.verdict()).isEqualTo(Comparison.Verdict.BETTER);
    assertThat(faster.label()).startsWith("\u2212");
  }

  @Test
  void aSignificantChangeBelowTheLeastChangeIsNoise() {
    // 1 % slower, with so many samples that the test is sure: below min-change 3 % it is noise
    Comparison.Change change =
        LatencyStatistics.latency(
            "tiny", List.of(samples(1, 2000, 1e6)), samples(2, 2000, 1.01e6), 0.01, 3, Double.NaN);
    assertThat(change.pValue()).isLessThan(0.01);
    assertThat(change.verdict()).isEqualTo(Comparison.Verdict.SAME);
    assertThat(change.label()).startsWith("~+");
  }

  @Test
  void severalBaselineRunsTellTheNoiseBetweenRuns() {
    // three runs of one build, each tight within itself, whose medians differ by up to 10 %
    List<List<Long>> runs =
        List.of(samples(1, 20, 1.0e6), samples(2, 20, 1.1e6), samples(3, 20, 1.05e6));
    // 20 % slower: far outside the spread of invocations within a run, but not beyond what three
    // runs this far apart allow for a fourth
    double prior = LatencyStatistics.logMedianVariance(runs);
    Comparison.Change within =
        LatencyStatistics.latency("within", runs, samples(4, 20, 1.2e6), 0.01, 3, prior);
    assertThat(within.pValue()).isLessThan(0.01);
    assertThat(within.runNoisePercent()).isGreaterThan(20.0);
    assertThat(within.verdict()).isEqualTo(Comparison.Verdict.SAME);
    assertThat(within.baselineRuns()).isEqualTo(3);
    // three times slower is beyond both
    Comparison.Change slower =
        LatencyStatistics.latency("slower", runs, samples(5, 20, 3.15e6), 0.01, 3, prior);
    assertThat(slower.verdict()).isEqualTo(Comparison.Verdict.WORSE);
    // the same shift against one run is called real: one run cannot know the noise between runs
    Comparison.Change oneRun =
        LatencyStatistics.latency(
            "one", List.of(samples(1, 20, 1.0e6)), samples(4, 20, 1.2e6), 0.01, 3, Double.NaN);
    assertThat(oneRun.verdict()).isEqualTo(Comparison.Verdict.WORSE);
    assertThat(oneRun.runNoisePercent()).isNull();
  }

  @Test
  void aCounterThatVariesBetweenBaselineRunsIsJudgedByThatSpread() {
    // os_write_syscalls counts Lance's eventfd wake-ups too: 30 and 36 in two runs of one build
    assertThat(
            CounterTolerance.judge(Measure.OS_WRITE_SYSCALLS, List.of(30.0, 36.0), 35.0).verdict())
        .isEqualTo(Comparison.Verdict.SAME);
    assertThat(
            CounterTolerance.judge(Measure.OS_WRITE_SYSCALLS, List.of(30.0, 36.0), 60.0).verdict())
        .isEqualTo(Comparison.Verdict.WORSE);
  }

  @Test
  void oneSampleOnASideIsNotTested() {
    Comparison.Change change =
        LatencyStatistics.latency(
            "one", List.of(List.of(1_000_000L)), samples(2, 10, 2e6), 0.01, 3, Double.NaN);
    assertThat(change.verdict()).isEqualTo(Comparison.Verdict.NO_TEST);
    assertThat(change.pValue()).isNull();
    assertThat(change.label()).contains("1 sample: no test");
  }

  @Test
  void countersAreExactWithinTheirTolerance() {
    assertThat(
            CounterTolerance.judge(Measure.READ_BYTES, List.of((double) 1_000_000), 1_000_000)
                .verdict())
        .isEqualTo(Comparison.Verdict.SAME);
    assertThat(
            CounterTolerance.judge(Measure.READ_BYTES, List.of((double) 1_000_000), 1_004_096)
                .verdict())
        .isEqualTo(Comparison.Verdict.WORSE);
    assertThat(CounterTolerance.judge(Measure.READ_IOPS, List.of((double) 3), 2).verdict())
        .isEqualTo(Comparison.Verdict.BETTER);
    // peak memory moves with the allocator's timing: 3 % is noise, 20 % is not
    assertThat(
            CounterTolerance.judge(Measure.PEAK_MEMORY_BYTES, List.of((double) 100e6), 103e6)
                .verdict())
        .isEqualTo(Comparison.Verdict.SAME);
    assertThat(
            CounterTolerance.judge(Measure.PEAK_MEMORY_BYTES, List.of((double) 100e6), 120e6)
                .verdict())
        .isEqualTo(Comparison.Verdict.WORSE);
    Comparison.Change fromZero = CounterTolerance.judge(Measure.READ_IOPS, List.of((double) 0), 5);
    assertThat(fromZero.verdict()).isEqualTo(Comparison.Verdict.WORSE);
    assertThat(fromZero.label()).isEqualTo("(was 0)");
  }

  /** The golden report's run, one benchmark slower and another with more bytes read before. */
  static RunReport baselineRun() {
    RunReport now = ReportFormatsTests.report();
    List<BenchResult> results = new ArrayList<>();
    for (BenchResult result : now.results()) {
      if (result.name().startsWith("SearchBenchmarks.basicBtreeSearch[small_strings")) {
        Map<Measure, MeasureSummary> measures = new EnumMap<>(result.measures());
        measures.put(Measure.READ_BYTES, MeasureSummary.of(List.of(3_000_000.0, 3_000_000.0)));
        List<Long> faster = List.of(7_000_000L, 7_100_000L, 7_200_000L, 7_300_000L);
        results.add(
            new BenchResult(
                result.name(),
                result.status(),
                null,
                result.planned(),
                new Measured(
                    2,
                    2,
                    faster,
                    TimingStatistics.of(faster),
                    measures,
                    result.details(),
                    Map.of(),
                    null),
                Map.of(),
                null));
      } else if (!result.name().equals("HarnessBenchmarks.emptyWorkload")) {
        results.add(result);
      }
    }
    List<Long> gone = List.of(1_000L, 1_100L);
    results.add(
        new BenchResult(
            "SearchBenchmarks.retired",
            BenchResult.Status.PASSED,
            null,
            new MeasurementSettings(0, 2, 1),
            new Measured(2, 1, gone, TimingStatistics.of(gone), Map.of(), Map.of(), Map.of(), null),
            Map.of(),
            null));
    return new RunReport(now.metadata(), results, now.notes(), null);
  }

  static RunReport compared(Path dir) throws IOException {
    Path file = dir.resolve("before.json");
    Baseline.save(baselineRun(), "before", file);
    return ReportFormatsTests.report().comparedWith(Baseline.load(file), 0.01, 3);
  }

  @Test
  void comparedTable() throws IOException {
    RunReport report = compared(dir);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new TableFormat().write(report, out);
    String table = out.toString(StandardCharsets.UTF_8);
    ReportFormatsTests.assertGolden("table-compared.txt", table);
    assertThat(table).doesNotContain("\u001b[");
    assertThat(report.comparison().added()).containsExactly("HarnessBenchmarks.emptyWorkload");
    assertThat(report.comparison().missing()).containsExactly("SearchBenchmarks.retired");
  }

  @Test
  void colourMarksOnlyRealChanges() throws IOException {
    RunReport report = compared(dir);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new TableFormat(true).write(report, out);
    String table = out.toString(StandardCharsets.UTF_8);
    // read_bytes fell from 2.9 MiB to 2.3 MiB: real, green; latency 4 vs 4 samples cannot reach p <
    // 0.01
    assertThat(table).contains(TableFormat.GREEN + "2.3 MiB \u221221.3 %" + TableFormat.RESET);
    assertThat(table).doesNotContain(TableFormat.RED);
    assertThat(table).contains("~+");
  }

  @Test
  void anotherSetupIsSaidInOneLine() throws IOException {
    RunReport report = compared(dir);
    assertThat(report.comparison().warnings()).isEmpty();
    var before = (ObjectNode) report.comparison().baselines().get(0).metadata().deepCopy();
    before.put("lance_core_version", "6.9.0");
    before.put("cores", 16);
    assertThat(SetupDifferences.between(before, ResultsJsonFormat.metadata(report.metadata())))
        .hasValueSatisfying(
            line ->
                assertThat(line)
                    .contains("lance_core_version 6.9.0 -> 7.0.0")
                    .contains("cores 16 -> 2")
                    .doesNotContain("\n"));
  }
}
