package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.basic.BasicDataset;
import dev.lancebench.reporting.CaseTime;
import dev.lancebench.reporting.Durations;
import dev.lancebench.settings.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;

/**
 * Shards ({@code -Dbench.shard=i/n}): disjoint parts that together are the whole selection,
 * balanced by the durations file, each making only its own datasets, merged back into one run.
 */
class ShardingTests {
  @TempDir Path temp;

  /** 30 recorded cases in three classes, a third of them on an expensive dataset. */
  static Durations recorded() {
    Map<String, CaseTime> cases = new LinkedHashMap<>();
    for (int i = 0; i < 30; i++) {
      String name = "Class" + (i % 3) + ".method[" + i + "]";
      List<String> datasets = i % 3 == 0 ? List.of("big") : List.of("small");
      cases.put(name, new CaseTime(5 + (i * 7) % 23, 0, datasets));
    }
    Map<String, Durations.DatasetCost> datasets =
        Map.of(
            "big", new Durations.DatasetCost(Optional.of(40.0), Optional.of(1L << 30)),
            "small", new Durations.DatasetCost(Optional.of(2.0), Optional.empty()));
    return new Durations(List.of(Map.of("cores", 2, "default_sizes", true)), cases, datasets);
  }

  /** Every case of the selection, in each class's run order, known or not. */
  static List<String> selection(Durations durations) {
    List<String> all = new ArrayList<>(durations.cases().keySet());
    for (int i = 0; i < 7; i++) {
      all.add("Class" + (i % 3) + ".unrecorded[" + i + "]");
    }
    return all;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void theShardsAreDisjointAndTogetherTheWholeSelection(int n) {
    Durations durations = recorded();
    List<String> all = selection(durations);
    Map<String, Integer> ranIn = new HashMap<>();
    for (int i = 1; i <= n; i++) {
      // each shard's JVMs decide alone, from the same durations file
      ShardPlan plan = ShardPlan.of(new Shard(i, n), durations);
      for (String name : all) {
        if (plan.runsHere(RunCost.className(name), name)) {
          assertThat(ranIn.put(name, i)).as(name + " in two shards").isNull();
        }
      }
    }
    assertThat(ranIn.keySet()).containsExactlyInAnyOrderElementsOf(all);
    if (n > 1) {
      // the unrecorded cases are dealt round-robin, not all onto one shard
      assertThat(
              all.stream()
                  .filter(name -> name.contains("unrecorded"))
                  .map(ranIn::get)
                  .distinct()
                  .count())
          .isGreaterThan(1);
    }
  }

  @Test
  void thePlacementIsTheSameEveryTimeAndBalanced() {
    Durations durations = recorded();
    for (int n = 2; n <= 8; n++) {
      ShardPlan first = ShardPlan.of(new Shard(1, n), durations);
      ShardPlan again = ShardPlan.of(new Shard(1, n), durations);
      double total = 0;
      double largest = 0;
      double longestCase = 0;
      for (Map.Entry<String, CaseTime> e : durations.cases().entrySet()) {
        assertThat(first.shardOf(RunCost.className(e.getKey()), e.getKey()))
            .isEqualTo(again.shardOf(RunCost.className(e.getKey()), e.getKey()));
        longestCase = Math.max(longestCase, e.getValue().wallSeconds() + 40);
      }
      for (int i = 1; i <= n; i++) {
        total += first.predictedSeconds(i);
        largest = Math.max(largest, first.predictedSeconds(i));
      }
      // longest first onto the soonest-finishing shard: no shard exceeds the mean by more than
      // the costliest case (its own time and its dataset's generation)
      assertThat(largest)
          .as("largest of %d shards", n)
          .isLessThanOrEqualTo(total / n + longestCase);
    }
  }

  @Test
  void aNarrowSelectionIsPlacedOnItsOwnSoNoShardIsLeftEmpty() {
    Durations durations = recorded();
    Predicate<String> oneClass = name -> name.startsWith("Class1.");
    for (int n = 2; n <= 4; n++) {
      int[] cases = new int[n];
      for (int i = 1; i <= n; i++) {
        ShardPlan plan = ShardPlan.of(new Shard(i, n), durations, oneClass);
        for (String name : durations.cases().keySet()) {
          if (oneClass.test(name) && plan.runsHere("Class1", name)) {
            cases[i - 1]++;
          }
        }
      }
      assertThat(cases).as("Class1's 10 cases over %d shards", n).doesNotContain(0);
    }
    // cases that cost nothing measurable are spread by count, not piled onto one shard
    Map<String, CaseTime> instant = new LinkedHashMap<>();
    for (int i = 0; i < 6; i++) {
      instant.put("Quick.case[" + i + "]", new CaseTime(0, 0, List.of()));
    }
    ShardPlan plan = ShardPlan.of(new Shard(1, 3), new Durations(List.of(), instant, Map.of()));
    Map<Integer, Integer> perShard = new HashMap<>();
    instant.keySet().forEach(name -> perShard.merge(plan.shardOf("Quick", name), 1, Integer::sum));
    assertThat(perShard).containsOnly(Map.entry(1, 2), Map.entry(2, 2), Map.entry(3, 2));
  }

  @Test
  void casesOfAnExpensiveDatasetShareAShardWhenThatIsCheaper() {
    Map<String, CaseTime> cases = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      cases.put("Vectors.search[" + i + "]", new CaseTime(10, 0, List.of("vectors")));
      cases.put("Scans.scan[" + i + "]", new CaseTime(10, 0, List.of()));
    }
    Durations durations =
        new Durations(
            List.of(),
            cases,
            Map.of("vectors", new Durations.DatasetCost(Optional.of(1000.0), Optional.empty())));
    ShardPlan plan = ShardPlan.of(new Shard(1, 2), durations);
    Set<Integer> vectorShards = new TreeSet<>();
    for (int i = 0; i < 4; i++) {
      vectorShards.add(plan.shardOf("Vectors", "Vectors.search[" + i + "]"));
    }
    assertThat(vectorShards).hasSize(1);
    int vectors = vectorShards.iterator().next();
    assertThat(plan.datasetsOf(3 - vectors)).doesNotContain("vectors");
    assertThat(plan.predictedSeconds(vectors)).isEqualTo(1040.0);
  }

  @Test
  void aShardIsIOfN() {
    assertThat(Shard.parse("2/4")).isEqualTo(new Shard(2, 4));
    assertThat(Shard.parse(" 1 / 1 ").isWhole()).isTrue();
    for (String bad : List.of("0/4", "5/4", "2", "a/b", "2/0", "-1/3")) {
      assertThatThrownBy(() -> Shard.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void theSelectionFollowsMavensTestPatterns() {
    Predicate<String> selected =
        RunCost.selection("SearchBenchmarks#basic*, Scan*, !ScanBenchmarks#scanSlice");
    assertThat(selected.test("SearchBenchmarks.basicBtreeSearch[small_strings-equal]")).isTrue();
    assertThat(selected.test("SearchBenchmarks.ftsSearch[x]")).isFalse();
    assertThat(selected.test("ScanBenchmarks.scanFull[tpch]")).isTrue();
    assertThat(selected.test("ScanBenchmarks.scanSlice[tpch]")).isFalse();
    assertThat(selected.test("TakeBenchmarks.take[1]")).isFalse();
    assertThat(
            RunCost.selection("**/dev/lancebench/benchmarks/CountRowsBenchmarks.java")
                .test("CountRowsBenchmarks.countRows[x]"))
        .isTrue();
    assertThat(RunCost.selection(null).test("Anything.at[all]")).isTrue();
    assertThat(RunCost.selectsClass("SearchBenchmarks#basic*,Scan*", "ScanBenchmarks")).isTrue();
    assertThat(RunCost.selectsClass("SearchBenchmarks#basic*", "ShardedTestCase")).isFalse();
    assertThat(RunCost.selectsClass(null, "ShardedTestCase")).isTrue();
  }

  @Test
  void theCostOfARunIsSaidUpFrontAndALongOneShowsTheQuickCommand() {
    Map<String, CaseTime> cases = new LinkedHashMap<>();
    cases.put("A.slow[1]", new CaseTime(3000, 0, List.of("big")));
    cases.put("A.slow[2]", new CaseTime(1000, 0, List.of("big")));
    Durations durations =
        new Durations(
            List.of(Map.of("cores", 2, "default_sizes", true)),
            cases,
            Map.of(
                "big", new Durations.DatasetCost(Optional.of(600.0), Optional.of(8_000_000_000L))));
    RunCost cost = wholeRunOn(4, durations);
    // recorded on 2 cores, 4 here: (3000 + 1000 + 600) * 2 / 4
    assertThat(cost.expectedSeconds()).isEqualTo(2300.0);
    String plan = String.join("\n", cost.describe(Shard.WHOLE));
    assertThat(plan)
        .contains("2 recorded cases")
        .contains("big (5 min 0 s, 8.0 GB)")
        .contains("about 38 min 20 s")
        .doesNotContain("over an hour");
    RunCost onTwo = wholeRunOn(2, durations);
    assertThat(String.join("\n", onTwo.describe(Shard.WHOLE)))
        .contains("over an hour")
        .contains(RunCost.QUICK_COMMAND);
    assertThat(onTwo.progress(2, 3010, Set.of("A.slow[1]")))
        .isEqualTo("lance-bench: case 2 of 2, 50 min 10 s elapsed, about 16 min 40 s left");
    assertThat(onTwo.progress(3, 4000, Set.of("A.slow[1]", "A.slow[2]")))
        .isEqualTo("lance-bench: case 3 (past the 2 recorded), 1 h 6 min elapsed, about 0 s left");
  }

  /** The whole run's cost on a machine of {@code cores}, its datasets not made yet. */
  private RunCost wholeRunOn(int cores, Durations durations) {
    return RunCost.of(
        ShardPlan.of(Shard.WHOLE, durations),
        durations,
        name -> true,
        name -> temp.resolve(name).toString(),
        true,
        cores);
  }

  @Tag("fixture")
  static class ShardedTestCase {
    @ParameterizedTest
    @ValueSource(strings = {"a", "b", "c", "d", "e", "f"})
    @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 2)
    void work(String which, Bench bench) {
      assertThat(bench.run(() -> which.length())).isEqualTo(1);
    }

    @Test
    @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 2)
    void basicRows(Bench bench) {
      DatasetHandle basic = bench.dataset(BasicDataset.NAME);
      long rows = bench.run(basic, dataset -> dataset.countRows());
      assertThat(rows).isEqualTo(basic.rows());
    }
  }

  /** Durations placing the dataset case on shard 1 of 2, the quick ones on shard 2. */
  private Path durationsFile() throws IOException {
    Map<String, CaseTime> cases = new LinkedHashMap<>();
    cases.put("ShardedTestCase.basicRows", new CaseTime(100, 0, List.of(BasicDataset.NAME)));
    cases.put("ShardedTestCase.work[a]", new CaseTime(30, 0, List.of()));
    cases.put("ShardedTestCase.work[b]", new CaseTime(30, 0, List.of()));
    cases.put("ShardedTestCase.work[c]", new CaseTime(30, 0, List.of()));
    Durations durations = new Durations(List.of(), cases, Map.of());
    ShardPlan plan = ShardPlan.of(new Shard(1, 2), durations);
    assertThat(plan.shardOf("ShardedTestCase", "ShardedTestCase.basicRows")).isEqualTo(1);
    Path file = temp.resolve("durations.json");
    try (OutputStream out = Files.newOutputStream(file)) {
      durations.write(out);
    }
    return file;
  }

  private BenchRun shard(int i, Path durations, Path data) {
    return BenchRun.of(
        temp.resolve("shard-" + i),
        Map.of(
            Settings.SHARD.key(),
            i + "/2",
            Settings.DURATIONS.key(),
            durations.toString(),
            Settings.DATA.key(),
            data.toString(),
            BasicDataset.ROWS_SETTING.key(),
            "2000"),
        ShardedTestCase.class);
  }

  private static Set<String> names(JsonNode results) {
    Set<String> names = new TreeSet<>();
    results.get("benchmarks").forEach(b -> names.add(b.get("name").asText()));
    return names;
  }

  @Test
  void twoShardsRunDisjointCasesMakeOnlyTheirDatasetsAndMergeIntoTheWholeRun() throws Exception {
    Path durations = durationsFile();
    Path data = temp.resolve("data");
    BenchRun one = shard(1, durations, data);
    // the dataset case is shard 1's (the longest, first onto the empty shard): shard 2 runs
    // first here, and must not make the dataset
    BenchRun two = shard(2, durations, data.resolve("two"));
    assertThat(Files.exists(data.resolve("two").resolve(BasicDataset.NAME + ".lance"))).isFalse();
    assertThat(Files.exists(data.resolve(BasicDataset.NAME + ".lance"))).isTrue();

    Set<String> inOne = names(one.resultsJson());
    Set<String> inTwo = names(two.resultsJson());
    assertThat(inOne).doesNotContainAnyElementsOf(inTwo).contains("ShardedTestCase.basicRows");
    Set<String> all = new TreeSet<>(inOne);
    all.addAll(inTwo);
    assertThat(all).hasSize(7);
    // a case of the other shard is skipped, saying why, and recorded nowhere
    one.results.testEvents().assertStatistics(s -> s.succeeded(inOne.size()).failed(0));
    one.results.testEvents().assertStatistics(s -> s.aborted(7 - inOne.size()));
    assertThat(failures(one)).contains("not in this shard").contains("1/2 (bench.shard)");

    // each case's wall time and datasets are in results.json and durations.json
    JsonNode basicRows = one.benchmark("ShardedTestCase.basicRows");
    assertThat(basicRows.get("wall_seconds").asDouble()).isPositive();
    assertThat(basicRows.get("datasets_used").get(0).asText()).isEqualTo(BasicDataset.NAME);
    assertThat(basicRows.get("generating_seconds").asDouble()).isPositive();
    Durations recorded = Durations.load(one.out.resolve(Durations.FILE));
    assertThat(recorded.cases().keySet()).containsExactlyInAnyOrderElementsOf(inOne);
    assertThat(recorded.datasets().get(BasicDataset.NAME).generatedSeconds()).isPresent();
    assertThat(recorded.datasets().get(BasicDataset.NAME).diskBytes().orElse(0L)).isPositive();

    // merged: one run of all seven, with one durations file
    Path merged = temp.resolve("merged");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int exit =
        MergeShards.run(
            new String[] {
              "--shards", "2", "--out", merged.toString(), one.out.toString(), two.out.toString()
            },
            new PrintStream(console, true, StandardCharsets.UTF_8),
            new PrintStream(errors, true, StandardCharsets.UTF_8));
    assertThat(exit).as(errors.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode mergedResults = new ObjectMapper().readTree(merged.resolve("results.json").toFile());
    assertThat(names(mergedResults)).isEqualTo(all);
    assertThat(mergedResults.has("partial")).isFalse();
    JsonNode bmf = new ObjectMapper().readTree(merged.resolve("bmf.json").toFile());
    assertThat(bmf.size()).isEqualTo(7);
    assertThat(Durations.load(merged.resolve(Durations.FILE)).cases().keySet()).isEqualTo(all);
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("ShardedTestCase.basicRows");

    // one shard of two: merged, but partial, saying which is missing
    Path half = temp.resolve("half");
    exit =
        MergeShards.run(
            new String[] {"--shards", "2", "--out", half.toString(), one.out.toString()},
            new PrintStream(OutputStream.nullOutputStream()),
            new PrintStream(OutputStream.nullOutputStream()));
    assertThat(exit).isZero();
    JsonNode halfResults = new ObjectMapper().readTree(half.resolve("results.json").toFile());
    assertThat(halfResults.get("partial").asText()).contains("shard [2] of 2 missing");
    assertThat(names(halfResults)).isEqualTo(inOne);

    // the same shard twice is refused, naming it
    ByteArrayOutputStream refused = new ByteArrayOutputStream();
    exit =
        MergeShards.run(
            new String[] {"--out", half.toString(), one.out.toString(), one.out.toString()},
            new PrintStream(OutputStream.nullOutputStream()),
            new PrintStream(refused, true, StandardCharsets.UTF_8));
    assertThat(exit).isEqualTo(MergeShards.ERROR);
    assertThat(refused.toString(StandardCharsets.UTF_8)).contains("shard 1/2 was given twice");
  }

  @Test
  void aMalformedShardOrDurationsFileStopsTheRunNamingIt() throws Exception {
    BenchRun badShard =
        BenchRun.of(
            temp.resolve("bad"), Map.of(Settings.SHARD.key(), "5/4"), ShardedTestCase.class);
    assertThat(badShard.console + failures(badShard)).contains("bench.shard");
    Path broken = Files.writeString(temp.resolve("broken.json"), "{ not json");
    BenchRun badFile =
        BenchRun.of(
            temp.resolve("bad2"),
            Map.of(Settings.DURATIONS.key(), broken.toString()),
            ShardedTestCase.class);
    assertThat(failures(badFile)).contains(broken.toAbsolutePath().toString());
  }

  private static String failures(BenchRun run) {
    StringBuilder text = new StringBuilder();
    run.results.allEvents().stream()
        .forEach(
            e ->
                e.getPayload(TestExecutionResult.class)
                    .flatMap(TestExecutionResult::getThrowable)
                    .ifPresent(t -> text.append(t.getMessage()).append('\n')));
    return text.toString();
  }
}
