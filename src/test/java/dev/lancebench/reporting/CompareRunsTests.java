package dev.lancebench.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline comparison of two saved runs: the same verdicts, table, HTML and gate. */
class CompareRunsTests {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void saved() throws Exception {
    Baseline.save(ComparisonTests.baselineRun(), "before", dir.resolve("before.json"));
    Baseline.save(ReportFormatsTests.report(), "after", dir.resolve("after.json"));
  }

  int compare(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--baselines";
    all[1] = dir.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return new CompareRuns(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(all);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void twoSavedRunsAreComparedAsARunWouldBe() throws Exception {
    Path html = dir.resolve("compare.html");
    assertThat(compare("--html", html.toString(), "after", "before")).isZero();
    assertThat(out()).contains("Compared with baseline before (commit 0123456789 on main)");
    assertThat(out()).contains("2.3 MiB \u221221.3 %");
    assertThat(out()).contains("In the baseline, not in this run (1): SearchBenchmarks.retired");
    assertThat(Files.size(html)).isPositive();
  }

  @Test
  void theGateExitsOneWithTheRegressions() {
    // the other way round, read bytes grew from 2.3 MiB to 2.9 MiB: +27 %
    assertThat(compare("--fail-on-regression", "10", "before", "after"))
        .isEqualTo(CompareRuns.REGRESSED);
    assertThat(err())
        .contains("1 regression(s) beyond --fail-on-regression against baseline after (commit")
        .contains(
            "SearchBenchmarks.basicBtreeSearch[small_strings-none] read_bytes: 2.3 MiB -> 2.9 MiB");
    assertThat(compare("--fail-on-regression", "30%", "before", "after")).isEqualTo(CompareRuns.OK);
  }

  @Test
  void unusableInputIsNamedWithItsFix() {
    assertThat(compare("after", "nothere")).isEqualTo(CompareRuns.ERROR);
    assertThat(err())
        .contains("No baseline at " + dir.resolve("nothere.json").toAbsolutePath())
        .contains("Saved in " + dir.toAbsolutePath() + ": after, before.");
    assertThat(compare("after")).isEqualTo(CompareRuns.ERROR);
    assertThat(err()).contains("give a run and its baseline(s)").contains("usage: compare/compare");
    assertThat(compare("--min-change", "a lot", "after", "before")).isEqualTo(CompareRuns.ERROR);
    assertThat(err()).contains("--min-change takes a percentage such as 10, not a lot");
  }
}
