package dev.lancebench.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.measuring.BenchResult;
import dev.lancebench.measuring.Measure;
import dev.lancebench.measuring.MeasureSummary;
import dev.lancebench.measuring.Measured;
import dev.lancebench.measuring.MeasurementSettings;
import dev.lancebench.measuring.TimingStatistics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's verdict and message, on fixed samples: a threefold latency and a sixteenfold counter
 * regression fail it whatever the machine is doing, since nothing here is measured.
 */
class RegressionGateTests {
  @TempDir Path dir;

  /** Twenty samples around {@code centre} nanoseconds, the same every time. */
  static List<Long> samples(long centre) {
    List<Long> samples = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      samples.add(centre + (i % 5) * centre / 100);
    }
    return samples;
  }

  static BenchResult result(String name, List<Long> samples, double writeBytes) {
    Map<Measure, MeasureSummary> measures =
        Map.of(Measure.OS_WRITE_BYTES, MeasureSummary.of(List.of(writeBytes, writeBytes)));
    return new BenchResult(
        name,
        BenchResult.Status.PASSED,
        null,
        new MeasurementSettings(0, 2, 10),
        new Measured(
            2, 10, samples, TimingStatistics.of(samples), measures, Map.of(), Map.of(), null),
        Map.of(),
        null);
  }

  static RunReport run(long spinNanos, double writeBytes) {
    RunReport golden = ReportFormatsTests.report();
    return new RunReport(
        golden.metadata(),
        List.of(
            result("Gated.spins", samples(spinNanos), 1_000),
            result("Gated.writes", samples(1_000_000), writeBytes)),
        List.of(),
        null);
  }

  Comparison compared(int baselineRuns) throws IOException {
    List<Baseline> baselines = new ArrayList<>();
    for (int i = 0; i < baselineRuns; i++) {
      Path file = dir.resolve("before-" + i + ".json");
      Baseline.save(run(1_000_000 + 10_000 * i, 64 << 10), "before-" + i, file);
      baselines.add(Baseline.load(file));
    }
    return run(3_000_000, 1 << 20).comparedWith(baselines, 0.01, 3).comparison();
  }

  @Test
  void aRealRegressionBeyondItsThresholdFailsTheGateWithItsNumbers() throws IOException {
    RegressionGate gate = new RegressionGate(50.0, Map.of("os_write_bytes", 0.0));
    Optional<String> failure = gate.failure(compared(1), name -> true, 1);
    assertThat(failure)
        .hasValueSatisfying(
            text ->
                assertThat(text)
                    .startsWith(
                        "2 regression(s) beyond -Dbench.fail-on-regression against baseline before-0")
                    .contains(
                        "Gated.spins latency: 1.02 ms -> 3.06 ms (+200.0 %, over the 50 % allowed; Mann-Whitney p = ")
                    .contains(
                        "Gated.writes os_write_bytes: 64.0 KiB -> 1.0 MiB (+1500.0 %, over the 0 % allowed)")
                    // one baseline run knows nothing of the noise between runs: said
                    .contains("The baseline is one run"));
  }

  @Test
  void severalBaselineRunsDropTheOneRunWarning() throws IOException {
    RegressionGate gate = new RegressionGate(50.0, Map.of());
    assertThat(gate.failure(compared(3), name -> true, 3))
        .hasValueSatisfying(
            text -> assertThat(text).contains("Gated.spins latency").doesNotContain("one run"));
  }

  @Test
  void onlyTheSelectedBenchmarksAndGatedMeasuresCount() throws IOException {
    Comparison comparison = compared(1);
    // a per-measure threshold alone gates that measure alone
    assertThat(
            new RegressionGate(null, Map.of("os_write_bytes", 0.0))
                .failure(comparison, n -> true, 1))
        .hasValueSatisfying(
            text -> assertThat(text).startsWith("1 regression(s)").doesNotContain("latency"));
    // a regression below its threshold, or of a benchmark another JVM ran, does not fail this one
    assertThat(new RegressionGate(2000.0, Map.of()).failure(comparison, n -> true, 1)).isEmpty();
    assertThat(new RegressionGate(50.0, Map.of()).failure(comparison, n -> false, 1)).isEmpty();
  }
}
