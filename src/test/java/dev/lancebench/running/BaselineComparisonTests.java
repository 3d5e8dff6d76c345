package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lancebench.running.BenchFixtures.ComparedTestCase;
import dev.lancebench.settings.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;

/**
 * Saving a run, comparing a later one with it and the regression gate, through real JUnit
 * executions: a benchmark that writes sixteen times the bytes must be flagged (a counter: no load
 * on the machine can hide it), an unchanged one not gated, and every unusable baseline named with
 * its fix while the run's own reports are still written. A longer busy wait is compared too, but
 * its verdict is not asserted here: a loaded machine can stretch a baseline's samples as much.
 * Latency verdicts are tested on fixed samples (ComparisonTests, RegressionGateTests).
 */
class BaselineComparisonTests {
  @TempDir Path dir;
  Path baselines;

  @BeforeEach
  void fixture() throws IOException {
    baselines = dir.resolve("baselines");
    ComparedTestCase.file = dir.resolve("written.bin");
    ComparedTestCase.spinNanos = 1_000_000;
    ComparedTestCase.writeBytes = 64 << 10;
  }

  @AfterEach
  void reset() {
    ComparedTestCase.spinNanos = 1_000_000;
    ComparedTestCase.writeBytes = 64 << 10;
  }

  static final DiscoverySelector SPINS =
      selectMethod(ComparedTestCase.class, "spins", Bench.class.getName());
  static final DiscoverySelector WRITES =
      selectMethod(ComparedTestCase.class, "writes", Bench.class.getName());
  static final DiscoverySelector ONCE =
      selectMethod(ComparedTestCase.class, "once", Bench.class.getName());

  private BenchRun run(
      String outName, Map<String, String> settings, DiscoverySelector... selectors) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put(Settings.BASELINES.key(), baselines.toString());
    config.put(Settings.PRIME.key(), "false");
    config.putAll(settings);
    return BenchRun.of(dir.resolve(outName), config, selectors);
  }

  private BenchRun saveBefore() {
    return run("before", Map.of(Settings.SAVE.key(), "before"), SPINS, WRITES, ONCE);
  }

  /** The table's row of a benchmark. */
  static String row(BenchRun run, String name) {
    return run.console
        .lines()
        .filter(line -> line.startsWith(name + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + name + " in:\n" + run.console));
  }

  /** The text of a column of a row ("OS Write Bytes"), found by its title in the table's header. */
  static String cell(BenchRun run, String name, String column) {
    String header =
        run.console.lines().filter(l -> l.startsWith("Test ")).findFirst().orElseThrow();
    List<String> titles = List.of(header.split("\\s*\\|\\s*"));
    List<String> cells = List.of(row(run, name).split("\\s*\\|\\s*"));
    return cells.get(titles.indexOf(column)).trim();
  }

  @Test
  void aSavedRunHoldsEverySampleAndTheMetadata() throws IOException {
    BenchRun before = saveBefore();
    assertThat(before.console)
        .contains("Baseline 'before' saved: " + baselines.resolve("before.json").toAbsolutePath());
    JsonNode saved = new ObjectMapper().readTree(baselines.resolve("before.json").toFile());
    assertThat(saved.get("format").asText()).isEqualTo("lance-bench baseline");
    assertThat(saved.get("format_version").asInt()).isEqualTo(1);
    assertThat(saved.get("metadata").get("lance_core_version").asText()).isEqualTo("7.0.0");
    assertThat(saved.get("metadata").has("cores")).isTrue();
    if (saved.get("metadata").has("git_commit")) { // run from a git checkout
      assertThat(saved.at("/metadata/git_commit").asText()).matches("[0-9a-f]{40}");
      assertThat(saved.at("/metadata/git_branch").asText()).isNotEmpty();
      assertThat(saved.at("/metadata/git_dirty").isBoolean()).isTrue();
    }
    JsonNode spins = null;
    for (JsonNode benchmark : saved.get("benchmarks")) {
      if (benchmark.get("name").asText().equals("ComparedTestCase.spins")) {
        spins = benchmark;
      }
    }
    assertThat(spins).isNotNull();
    assertThat(spins.get("measured").get("samplesNanos")).hasSize(15);
    assertThat(spins.get("measured").get("measures").has("JVM_ALLOCATED_BYTES")).isTrue();
  }

  /** The deliberate slowdown: three times the busy wait, sixteen times the bytes written. */
  private BenchRun slower(Map<String, String> settings, DiscoverySelector... selectors) {
    ComparedTestCase.spinNanos = 3_000_000;
    ComparedTestCase.writeBytes = 1 << 20;
    return run("after", settings, selectors);
  }

  @Test
  void aDeliberateSlowdownAndMoreBytesWrittenAreFlagged() throws IOException {
    saveBefore();
    BenchRun after =
        slower(
            Map.of(Settings.COMPARE.key(), "before"),
            SPINS,
            WRITES,
            selectMethod(
                BenchFixtures.MixedOutcomesTestCase.class, "passes", Bench.class.getName()));

    assertThat(after.console).contains("Compared with baseline before");
    // three times the busy wait is compared (its verdict depends on the machine's load)
    assertThat(cell(after, "ComparedTestCase.spins", "Latency (median)"))
        .matches(".* ~?[+\u2212]\\d+\\.\\d %");
    // sixteen times the bytes: a counter beyond its tolerance
    assertThat(cell(after, "ComparedTestCase.writes", "OS Write Bytes"))
        .matches(".* \\+\\d+\\.\\d %");
    assertThat(cell(after, "MixedOutcomesTestCase.passes", "Latency (median)")).endsWith("(new)");
    assertThat(after.console)
        .contains("In the baseline, not in this run (1): ComparedTestCase.once");
    assertThat(after.console).contains("Judged by latency: a two-sided Mann-Whitney U test");
    // the console here is not a terminal: no colour codes
    assertThat(after.console).doesNotContain("\u001b[");
    String html = Files.readString(after.out.resolve("report.html"));
    // the bytes written: WORSE whatever the load
    assertThat(html.contains("\"verdict\":\"WORSE\""))
        .as("report.html has a WORSE verdict")
        .isTrue();
    assertThat(after.out.resolve(BaselineCopies.COMPARED_BASELINE)).exists();
  }

  @Test
  void aSlowdownIsFlaggedAgainstSeveralBaselineRuns() {
    for (String name : List.of("main-1", "main-2", "main-3")) {
      run(name, Map.of(Settings.SAVE.key(), name), SPINS);
    }
    BenchRun after = slower(Map.of(Settings.COMPARE.key(), "main-1,main-2,main-3"), SPINS);
    assertThat(after.console).contains("Compared with baseline main-1, main-2, main-3 (3 runs;");
    assertThat(after.console).contains("and beyond the spread of the 3 baseline runs' medians");
    assertThat(cell(after, "ComparedTestCase.spins", "Latency (median)"))
        .matches(".* ~?[+\u2212]\\d+\\.\\d %");
    assertThat(after.out.resolve("compared-baseline-3.json")).exists();
  }

  @Test
  void theGateFailsTheRunAfterEveryReportIsWritten() throws IOException {
    saveBefore();
    // the gate on the bytes written alone: a latency verdict could be hidden by the machine's load
    BenchRun after =
        slower(
            Map.of(
                Settings.COMPARE.key(), "before",
                Settings.failOnRegression("os_write_bytes").key(), "0"),
            SPINS,
            WRITES);

    after.failsAtItsEndWith(
        m ->
            m.contains("1 regression(s) beyond -Dbench.fail-on-regression against baseline before")
                && !m.contains("ComparedTestCase.spins")
                && m.contains("ComparedTestCase.writes os_write_bytes: ")
                && m.contains("over the 0 % allowed"));
    // the benchmarks themselves passed, and every report was written before the failure
    after.results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
    assertThat(after.out.resolve("bmf.json")).exists();
    assertThat(after.out.resolve("results.json")).exists();
    assertThat(after.out.resolve("report.html")).exists();
  }

  @Test
  void anUnchangedRunPassesTheGate() {
    saveBefore();
    BenchRun after =
        run(
            "after",
            Map.of(
                Settings.COMPARE.key(), "before",
                Settings.failOnRegression("os_write_bytes").key(), "5%"),
            SPINS,
            WRITES);
    after.results.containerEvents().assertStatistics(stats -> stats.failed(0));
    assertThat(after.console).contains("Compared with baseline before");
  }

  @Test
  void aRunSavedUnderANameKeepsTheBaselineItReplaces() throws IOException {
    saveBefore(); // spins, writes and once
    BenchRun subset = run("subset", Map.of(Settings.SAVE.key(), "before"), WRITES);
    assertThat(subset.console)
        .contains("this run replaces the baseline 'before'")
        .contains(baselines.resolve("before.previous.json").toAbsolutePath().toString());
    JsonNode kept = new ObjectMapper().readTree(baselines.resolve("before.previous.json").toFile());
    assertThat(kept.get("benchmarks")).hasSize(3);
    JsonNode saved = new ObjectMapper().readTree(baselines.resolve("before.json").toFile());
    assertThat(saved.get("benchmarks")).hasSize(1);
  }

  @Test
  void aRunThatSavesTheBaselineItComparesWithComparesWithTheOldOne() throws IOException {
    saveBefore();
    ComparedTestCase.writeBytes = 1 << 20;
    BenchRun again =
        run(
            "again",
            Map.of(Settings.COMPARE.key(), "before", Settings.SAVE.key(), "before"),
            WRITES);
    // sixteen times the bytes of the old baseline (against this run's own it would be no change)
    assertThat(cell(again, "ComparedTestCase.writes", "OS Write Bytes"))
        .matches(".* \\+\\d+\\.\\d %");
    JsonNode saved = new ObjectMapper().readTree(baselines.resolve("before.json").toFile());
    assertThat(saved.get("benchmarks")).hasSize(1); // this run's, saved after the comparison
  }

  /**
   * The recipe's second step: a baseline of another lance-core version is compared, with a warning.
   */
  @Test
  void aBaselineOfAnotherLanceVersionIsComparedWithAWarning() throws IOException {
    saveBefore();
    Path file = baselines.resolve("before.json");
    ObjectMapper mapper = new ObjectMapper();
    var saved = (ObjectNode) mapper.readTree(file.toFile());
    ((ObjectNode) saved.get("metadata")).put("lance_core_version", "6.9.0");
    mapper.writeValue(file.toFile(), saved);

    BenchRun after = run("after", Map.of(Settings.COMPARE.key(), "before"), SPINS);
    assertThat(after.console)
        .contains(
            "Warning: The baseline was measured on another setup (lance_core_version 6.9.0 -> 7.0.0)");
    after.results.containerEvents().assertStatistics(stats -> stats.failed(0));
    assertThat(cell(after, "ComparedTestCase.spins", "Latency (median)")).contains("%");
  }

  @Test
  void aMissingBaselineIsNamedWithItsFixAndTheRunIsStillReported() {
    saveBefore();
    BenchRun after = run("after", Map.of(Settings.COMPARE.key(), "nothere"), SPINS);
    String expected = "No baseline at " + baselines.resolve("nothere.json").toAbsolutePath();
    assertThat(after.console)
        .contains(expected)
        .contains("Saved in " + baselines.toAbsolutePath() + ": before.");
    after.results.testEvents().assertStatistics(stats -> stats.succeeded(1));
    after.failsAtItsEndWith(m -> m.contains(expected) && m.contains("-Dbench.save=NAME"));
    assertThat(after.out.resolve("bmf.json")).exists();
    assertThat(after.out.resolve("report.html")).exists();
  }

  @Test
  void unusableBaselinesAreNamedWithTheirFix() throws IOException {
    Files.createDirectories(baselines);
    Files.writeString(baselines.resolve("broken.json"), "{\"format\": \"lance-bench baseline\", ");
    Files.writeString(
        baselines.resolve("future.json"),
        "{\"format\": \"lance-bench baseline\", \"format_version\": 99}");
    Files.writeString(baselines.resolve("other.json"), "{\"benchmarks\": []}");
    Files.createDirectories(baselines.resolve("folder.json"));
    Map<String, String> expected =
        Map.of(
            "broken",
            "is not JSON",
            "future",
            "is of format version 99; this lance-bench reads version 1",
            "other",
            "is not a lance-bench baseline",
            baselines.resolve("folder.json").toString(),
            "Cannot read the baseline");
    for (var entry : expected.entrySet()) {
      BenchRun after =
          run(
              "after-" + entry.getKey().hashCode(),
              Map.of(Settings.COMPARE.key(), entry.getKey()),
              ONCE);
      after.results.testEvents().assertStatistics(stats -> stats.succeeded(1));
      after.failsAtItsEndWith(m -> m.contains(entry.getValue()));
      assertThat(after.out.resolve("results.json")).exists();
    }
  }

  @Test
  void namesThatLeaveTheFolderAndAGateWithoutAComparisonAreConfigurationErrors() {
    Map<Map<String, String>, String> cases =
        Map.of(
            Map.of(Settings.COMPARE.key(), "../x"), "bench.compare=../x is neither a baseline name",
            Map.of(Settings.SAVE.key(), dir.resolve("x").toString()), "is not a baseline name",
            Map.of(Settings.SAVE.key(), ".."), "is not a baseline name",
            Map.of(Settings.FAIL_ON_REGRESSION.key(), "10"),
                "bench.fail-on-regression needs a comparison",
            Map.of(Settings.COMPARE.key(), "x", Settings.FAIL_ON_REGRESSION.key(), "ten"),
                "bench.fail-on-regression=ten is not a percentage");
    cases.forEach(
        (settings, expected) -> {
          BenchRun run = run("misconfigured-" + settings.hashCode(), settings, ONCE);
          run.results
              .testEvents()
              .assertThatEvents()
              .haveExactly(
                  1,
                  event(
                      finishedWithFailure(
                          message(
                              m -> m.contains("Configuration error") && m.contains(expected)))));
        });
  }

  @Test
  void colourOnlyWhereAPersonSeesIt() {
    Settings always = settings(Map.of(Settings.COLOR.key(), "always"));
    Settings never = settings(Map.of(Settings.COLOR.key(), "never"));
    Settings auto = settings(Map.of());
    assertThat(RunConfig.colour(always, Map.of("NO_COLOR", "1"))).isTrue();
    assertThat(RunConfig.colour(never, Map.of())).isFalse();
    assertThat(RunConfig.colour(auto, Map.of("NO_COLOR", "1"))).isFalse();
    // a gate on a measure that does not exist is an error, not silence
    assertThat(
            new Settings(
                    k -> Optional.empty(),
                    props("bench.fail-on-regression.read_byte", "0"),
                    k -> null,
                    System.err)
                .unknownPerMeasureGates(Set.of("read_bytes"), Map.of()))
        .containsExactly("bench.fail-on-regression.read_byte");
  }

  private static Settings settings(Map<String, String> given) {
    return new Settings(
        k -> Optional.ofNullable(given.get(k)), new Properties(), k -> null, System.err);
  }

  private static Properties props(String key, String value) {
    Properties properties = new Properties();
    properties.setProperty(key, value);
    return properties;
  }
}
