package dev.lancebench.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.measuring.Measure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Bencher upload as Bencher's CLI reads it: measures created by name (a slug cannot hold '_'),
 * every threshold option given for every measure (the CLI pairs them by position), the current
 * flags, the key from the environment. The workflow's syntax is checked by .ci/run.
 */
class BencherUploadTests {
  static final Path SCRIPT = Path.of(".github/bencher-measures.sh");
  static final Path WORKFLOW = Path.of(".github/workflows/benchmarks.yml");
  static final List<String> THRESHOLD_OPTIONS =
      List.of(
          "--threshold-test",
          "--threshold-min-sample-size",
          "--threshold-max-sample-size",
          "--threshold-window",
          "--threshold-lower-boundary",
          "--threshold-upper-boundary");

  @Test
  void everyCustomMeasureIsCreatedByNameWithItsUnits() throws Exception {
    String script = Files.readString(SCRIPT, StandardCharsets.UTF_8);
    assertThat(script).doesNotContain("--slug").doesNotContain("--key");
    assertThat(script).contains("bencher measure create \"$project\" --name \"$1\" --units \"$2\"");
    for (Measure measure : Measure.values()) {
      if (measure != Measure.LATENCY) { // Bencher's own
        assertThat(script)
            .as(measure.key())
            .containsPattern("(?m)^measure " + measure.key() + " \"");
      }
    }
    // and the derived ratios the suite uploads
    assertThat(script)
        .contains("measure tracker_overhead_ratio")
        .contains("measure profiler_overhead_ratio");
  }

  @Test
  void everyThresholdMeasureGivesEveryThresholdOptionInOrder() throws Exception {
    String workflow = Files.readString(WORKFLOW, StandardCharsets.UTF_8);
    assertThat(workflow).doesNotContainPattern("--err\\b").doesNotContain("--key");
    assertThat(workflow)
        .contains("--error-on-alert")
        .contains("BENCHER_API_KEY: ${{ secrets.BENCHER_API_KEY }}");
    assertThat(workflow).contains("github.actor != 'dependabot[bot]'").contains("bencher archive");
    List<String> options = new ArrayList<>();
    Matcher m = Pattern.compile("(--threshold-[a-z-]+)").matcher(workflow);
    while (m.find()) {
      options.add(m.group(1));
    }
    List<List<String>> groups = new ArrayList<>();
    for (String option : options) {
      if (option.equals("--threshold-measure")) {
        groups.add(new ArrayList<>());
      } else if (!groups.isEmpty()) {
        groups.get(groups.size() - 1).add(option);
      }
    }
    assertThat(groups).hasSizeGreaterThanOrEqualTo(5);
    for (List<String> group : groups) {
      assertThat(group).containsExactlyElementsOf(THRESHOLD_OPTIONS);
    }
  }
}
