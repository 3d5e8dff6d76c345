package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lancebench.settings.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing measured is lost: each JVM here is one of a run's JVMs, as Maven starts one per benchmark
 * class (through {@code src/main/sh/fork/bin/java}, as the build does).
 */
@EnabledOnOs(OS.LINUX)
class RunSafetyTests {
  static final String FIXTURES = BenchFixtures.class.getName();
  static final Path FORK = Path.of("src/main/sh/fork/bin/java");

  @TempDir Path out;
  @TempDir Path forks;

  /** A JVM of the run {@code runId} running {@code fixture}, started the way the build does. */
  Process start(String runId, String fixture, String... settings) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(FORK.toAbsolutePath().toString());
    command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BenchMain.class.getName());
    command.add(Settings.OUTPUT_DIR.key() + "=" + out);
    command.add(Settings.RUN_ID.key() + "=" + runId);
    command.add(Settings.PRIME.key() + "=false");
    command.addAll(List.of(settings));
    command.add("class:" + FIXTURES + "$" + fixture);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
    builder
        .environment()
        .put("BENCH_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    builder.environment().put(ForkExits.ENVIRONMENT, forks.toString());
    builder.environment().remove("LD_PRELOAD");
    builder.redirectOutput(out.resolveSibling(out.getFileName() + "-" + fixture + ".out").toFile());
    builder.redirectError(out.resolveSibling(out.getFileName() + "-" + fixture + ".err").toFile());
    return builder.start();
  }

  int run(String runId, String fixture, String... settings) throws Exception {
    Process process = start(runId, fixture, settings);
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).as(fixture + " ends").isTrue();
    return process.exitValue();
  }

  JsonNode json(String file) throws IOException {
    return new ObjectMapper().readTree(out.resolve(file).toFile());
  }

  static JsonNode benchmark(JsonNode results, String name) {
    for (JsonNode node : results.get("benchmarks")) {
      if (node.get("name").asText().equals(name)) {
        return node;
      }
    }
    throw new AssertionError("no " + name + " in " + results);
  }

  @Test
  void aJvmThatDiesInABenchmarkLosesNeitherTheOthersNorItsOwnFailure() throws Exception {
    assertThat(run("crash", "MetaAnnotationTestCase")).isZero();
    assertThat(run("crash", "HaltingTestCase")).isEqualTo(134);
    // the dead JVM's launcher finished the reports: right now, with no JVM after it
    JsonNode afterCrash = json("results.json");
    assertThat(benchmark(afterCrash, "MetaAnnotationTestCase.quick").get("status").asText())
        .isEqualTo("passed");
    assertThat(benchmark(afterCrash, "HaltingTestCase.halts").get("status").asText())
        .isEqualTo("failed");
    assertThat(run("crash", "ParameterizedTestCase")).isZero();

    JsonNode bmf = json("bmf.json");
    assertThat(bmf.has("MetaAnnotationTestCase.quick")).isTrue();
    assertThat(bmf.has("ParameterizedTestCase.search[none-equal]")).isTrue();
    assertThat(bmf.has("HaltingTestCase.halts")).isFalse();
    JsonNode results = json("results.json");
    JsonNode crashed = benchmark(results, "HaltingTestCase.halts");
    assertThat(crashed.get("status").asText()).isEqualTo("failed");
    assertThat(crashed.get("failure").asText())
        .contains("died before it finished")
        .contains("exit status 134 (signal 6, SIGABRT)")
        .contains("simulated native crash: the JVM halts now");
    assertThat(results.get("partial").asText())
        .contains("the JVM running HaltingTestCase.halts died");
  }

  @Test
  void aRunWhoseLastJvmDiedStillSavesAndComparesAllItMeasured() throws Exception {
    Path baselines = out.resolveSibling(out.getFileName() + "-baselines");
    String folder = Settings.BASELINES.key() + "=" + baselines;
    assertThat(run("first", "MetaAnnotationTestCase", folder, Settings.SAVE.key() + "=before"))
        .isZero();
    String[] settings = {
      folder, Settings.SAVE.key() + "=after", Settings.COMPARE.key() + "=before"
    };
    assertThat(run("second", "MetaAnnotationTestCase", settings)).isZero();
    assertThat(run("second", "HaltingTestCase", settings)).isEqualTo(134);
    // the dead JVM's launcher saved the run with the benchmark it died in, and compared it
    JsonNode saved = new ObjectMapper().readTree(baselines.resolve("after.json").toFile());
    List<String> names = new ArrayList<>();
    saved
        .get("benchmarks")
        .forEach(b -> names.add(b.get("name").asText() + " " + b.get("status").asText()));
    assertThat(names)
        .contains("MetaAnnotationTestCase.quick PASSED", "HaltingTestCase.halts FAILED");
    assertThat(saved.get("partial").asText())
        .contains("the JVM running HaltingTestCase.halts died");
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html.contains("\"baseline\":\"before"))
        .as("report.html compared with before")
        .isTrue();
  }

  @Test
  void aRunStoppedByASignalWritesWhatFinishedMarkedPartial() throws Exception {
    Process process = start("stopped", "InterruptedTestCase");
    Path journal = out.resolve("journal.jsonl");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!(Files.exists(journal)
        && Files.readString(journal, StandardCharsets.UTF_8)
            .contains("InterruptedTestCase.waitsToBeStopped"))) {
      assertThat(process.isAlive()).as("still running").isTrue();
      assertThat(System.nanoTime()).as("the second benchmark starts").isLessThan(deadline);
      Thread.sleep(50);
    }
    process.destroy(); // SIGTERM, as kill does; Ctrl-C's SIGINT runs the same shutdown
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();

    assertThat(json("bmf.json").has("InterruptedTestCase.finishes")).isTrue();
    JsonNode results = json("results.json");
    assertThat(results.get("partial").asText()).contains("the run was stopped");
    JsonNode stopped = benchmark(results, "InterruptedTestCase.waitsToBeStopped");
    assertThat(stopped.get("status").asText()).isEqualTo("failed");
    assertThat(stopped.get("failure").asText()).startsWith("interrupted");
    assertThat(Files.readString(out.resolveSibling(out.getFileName() + "-InterruptedTestCase.out")))
        .contains("PARTIAL RUN: the run was stopped");
  }

  @Test
  void theOutputsOfAnEarlierRunAreNeverTakenForThisRuns() throws Exception {
    BenchRun first =
        BenchRun.of(
            out,
            Map.of(Settings.RUN_ID.key(), "first"),
            BenchFixtures.MetaAnnotationTestCase.class);
    assertThat(first.bmf().has("MetaAnnotationTestCase.quick")).isTrue();

    // another JVM of the same run adds to it
    BenchRun same =
        BenchRun.of(
            out, Map.of(Settings.RUN_ID.key(), "first"), BenchFixtures.ParameterizedTestCase.class);
    assertThat(same.bmf().has("MetaAnnotationTestCase.quick")).isTrue();
    assertThat(same.bmf().has("ParameterizedTestCase.search[none-equal]")).isTrue();

    // a new run starts clean: the earlier run's results are gone from every output
    BenchRun next =
        BenchRun.of(
            out,
            Map.of(Settings.RUN_ID.key(), "second"),
            BenchFixtures.ParameterizedTestCase.class);
    assertThat(next.bmf().has("MetaAnnotationTestCase.quick")).isFalse();
    assertThat(next.bmf().has("ParameterizedTestCase.search[none-equal]")).isTrue();
    assertThat(Files.readString(out.resolve("journal.jsonl")))
        .doesNotContain("MetaAnnotationTestCase");

    // without a run id (an IDE's green arrow) every JVM is a run of its own
    BenchRun alone = BenchRun.of(out, Map.of(), BenchFixtures.MetaAnnotationTestCase.class);
    assertThat(alone.bmf().has("ParameterizedTestCase.search[none-equal]")).isFalse();
    assertThat(alone.bmf().has("MetaAnnotationTestCase.quick")).isTrue();
  }
}
