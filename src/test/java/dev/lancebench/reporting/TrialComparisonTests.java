package dev.lancebench.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lancebench.reporting.Comparison.Change;
import dev.lancebench.reporting.Comparison.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An A/B's verdicts from its trials, on fixed trial medians: nothing here is measured. */
class TrialComparisonTests {
  @TempDir Path dir;

  /** Five trial medians that differ by a few percent, as trials of one build do. */
  static final double[] A = {10.0e6, 10.4e6, 9.7e6, 10.2e6, 9.9e6};

  static double[] times(double[] values, double factor) {
    double[] scaled = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      scaled[i] = values[i] * factor;
    }
    return scaled;
  }

  @Test
  void aTwentyPercentSlowerSideIsSlowerWithItsRatioInTheInterval() {
    double[] b = times(new double[] {10.1e6, 9.8e6, 10.3e6, 10.0e6, 9.9e6}, 1.2);
    Change change = LatencyStatistics.trials("latency", A, b, 0.01, 3, Double.NaN);
    assertThat(change.verdict()).isEqualTo(Verdict.WORSE);
    assertThat(change.ratio()).isCloseTo(1.2, within(0.02));
    assertThat(change.ratioLower()).isGreaterThan(1.0).isLessThan(change.ratio());
    assertThat(change.ratioUpper()).isGreaterThan(change.ratio());
    assertThat(change.trials()).isEqualTo(5);
    assertThat(change.baselineRuns()).isEqualTo(5);
    assertThat(change.detectablePercent()).isLessThan(20.0).isGreaterThan(0.0);
    assertThat(change.label()).isEqualTo("+19.8 %"); // of the geometric means
  }

  @Test
  void theSameBuildInOtherOrderIsTheSame() {
    double[] b = {10.2e6, 9.9e6, 10.0e6, 9.7e6, 10.4e6};
    Change change = LatencyStatistics.trials("latency", A, b, 0.01, 3, Double.NaN);
    assertThat(change.verdict()).isEqualTo(Verdict.SAME);
    assertThat(change.label()).startsWith("~");
  }

  @Test
  void aChangeSmallerThanTheLeastThatCountsIsTheSameHoweverSure() {
    double[] a = {10.0e6, 10.0e6, 10.01e6, 10.0e6};
    double[] b = times(a, 1.02);
    Change change = LatencyStatistics.trials("latency", a, b, 0.01, 3, Double.NaN);
    assertThat(change.pValue()).isLessThan(0.01);
    assertThat(change.verdict()).isEqualTo(Verdict.SAME);
  }

  @Test
  void oneTrialOnASideIsNoTest() {
    Change change =
        LatencyStatistics.trials("latency", A, new double[] {12e6}, 0.01, 3, Double.NaN);
    assertThat(change.verdict()).isEqualTo(Verdict.NO_TEST);
    assertThat(change.label()).endsWith("(too few trials: no test)");
    assertThat(change.detectablePercent()).isNull();
  }

  @Test
  void moreTrialsDetectSmallerChangesAndSoDoesASteadierMachine() {
    double[] three = {10.0e6, 10.4e6, 9.7e6};
    double small =
        LatencyStatistics.trials("latency", A, A, 0.01, 3, Double.NaN).detectablePercent();
    double fewer =
        LatencyStatistics.trials("latency", three, three, 0.01, 3, Double.NaN).detectablePercent();
    assertThat(small).isLessThan(fewer);
    // a typical spread four times smaller, given as the prior, narrows it
    double variance = LatencyStatistics.pooledLogVariance(A, A);
    double steadier =
        LatencyStatistics.trials("latency", A, A, 0.01, 3, variance / 16).detectablePercent();
    assertThat(steadier).isLessThan(small);
  }

  /** Trial {@code number} of a side, saved as compare/ab saves it, with 10 samples a benchmark. */
  Baseline trial(String side, int number, double fast, double slow) throws IOException {
    RunReport report =
        new RunReport(
            ReportFormatsTests.report().metadata(),
            List.of(
                RegressionGateTests.result("Ab.fast", samples((long) fast), 1_000),
                RegressionGateTests.result("Ab.slow", samples((long) slow), 1_000)),
            List.of(),
            null);
    Path file = dir.resolve("trial-" + side + "-" + number + ".json");
    Baseline.save(report, "trial-" + side + "-" + number, file);
    return Baseline.load(file);
  }

  static List<Long> samples(long median) {
    List<Long> samples = new ArrayList<>();
    for (int i = -5; i < 5; i++) {
      samples.add(median + i * median / 200);
    }
    return samples;
  }

  @Test
  void theComparisonOfTrialsJudgesEachBenchmarkByItsTrialsAndShowsBsTrialsAsOneRun()
      throws IOException {
    List<Baseline> a = new ArrayList<>();
    List<Baseline> b = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      a.add(trial("A", i + 1, A[i], A[i]));
      // B: the same fast benchmark; the slow one 30 % slower
      b.add(trial("B", i + 1, A[(i + 2) % 5], A[(i + 1) % 5] * 1.3));
    }
    RunReport combined = Trials.combine(b);
    assertThat(combined.results()).hasSize(2);
    assertThat(combined.results().get(0).samplesNanos()).hasSize(50);
    Comparison comparison = Comparison.ofTrials(combined, a, b, 0.01, 3);
    assertThat(comparison.ofTrials()).isTrue();
    assertThat(comparison.entry("Ab.fast").orElseThrow().latency().orElseThrow().verdict())
        .isEqualTo(Verdict.SAME);
    Change slow = comparison.entry("Ab.slow").orElseThrow().latency().orElseThrow();
    assertThat(slow.verdict()).isEqualTo(Verdict.WORSE);
    assertThat(slow.ratio()).isCloseTo(1.3, within(0.03));
    // counters against A's trials by their tolerance
    assertThat(comparison.entry("Ab.slow").orElseThrow().changes().get("os_write_bytes").verdict())
        .isEqualTo(Verdict.SAME);
    assertThat(comparison.describe()).contains("side A: 5 trials").contains("side B: 5 trials");

    ByteArrayOutputStream table = new ByteArrayOutputStream();
    new TableFormat().write(combined.withComparison(comparison), table);
    String text = table.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .containsPattern("Ab.slow +\\| +[0-9.]+ ms \\+30\\.[0-9] % \\(detects [0-9]+ %\\)")
        .contains("of 2 benchmarks' trials would hide a 10 % change");
  }
}
