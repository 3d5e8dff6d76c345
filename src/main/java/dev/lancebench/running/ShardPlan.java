package dev.lancebench.running;

import dev.lancebench.reporting.CaseTime;
import dev.lancebench.reporting.Durations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which shard runs which case. The selected cases the durations file knows are placed together:
 * longest first, each onto the shard it finishes soonest on, where a shard's load counts the cases'
 * own time and, once per shard, the generation of the datasets they need; a dataset is made on one
 * more shard only when that saves more than its generation time (so cases of one dataset share a
 * shard unless spreading them is clearly quicker). The placement depends on nothing but the
 * durations file and the selection, so every JVM of every shard agrees without talking. A case the
 * file does not know is dealt round-robin among its class's unknown cases, starting at a shard
 * chosen by the class's name.
 */
final class ShardPlan {
  private final Shard shard;
  private final Map<String, Integer> placed;
  private final double[] predictedSeconds;
  private final List<Set<String>> datasetsOf;
  private final Map<String, Integer> unknownSeen = new HashMap<>();

  private ShardPlan(
      Shard shard, Map<String, Integer> placed, double[] predicted, List<Set<String>> datasets) {
    this.shard = shard;
    this.placed = placed;
    this.predictedSeconds = predicted;
    this.datasetsOf = datasets;
  }

  /**
   * {@code compare/shards [DURATIONS] [MAX]}: the predicted wall time of the largest shard for 1 to
   * MAX shards (default 8), from a durations file (default: the repository's), with the floor the
   * longest single case sets — how many machines are worth it.
   */
  public static void main(String[] args) {
    Path file = Path.of(args.length > 0 ? args[0] : RunConfig.DEFAULT_DURATIONS);
    int max = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Durations durations = Durations.load(file);
    if (durations.isEmpty()) {
      System.err.println("shards: no durations in " + file.toAbsolutePath());
      System.exit(2);
    }
    double floor = 0;
    String longest = "";
    for (Map.Entry<String, CaseTime> e : durations.cases().entrySet()) {
      double cost = cost(durations, e.getValue());
      if (cost > floor) {
        floor = cost;
        longest = e.getKey();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%d cases in %s%n%-7s %-16s %-16s%n",
        durations.cases().size(),
        file,
        "shards",
        "largest shard",
        "all shards");
    for (int n = 1; n <= max; n++) {
      ShardPlan plan = of(new Shard(1, n), durations);
      double largest = 0;
      double all = 0;
      for (int i = 1; i <= n; i++) {
        largest = Math.max(largest, plan.predictedSeconds(i));
        all += plan.predictedSeconds(i);
      }
      System.out.printf(
          Locale.ROOT, "%-7d %-16s %-16s%n", n, RunCost.duration(largest), RunCost.duration(all));
    }
    System.out.printf(
        Locale.ROOT,
        "floor: %s, the longest case with its datasets' generation (%s)%n",
        RunCost.duration(floor),
        longest);
  }

  static ShardPlan of(Shard shard, Durations durations) {
    return of(shard, durations, name -> true);
  }

  /**
   * The placement of the {@code selected} cases the durations know (every JVM of a run sees the
   * same selection: Maven's {@code -Dtest}).
   */
  static ShardPlan of(Shard shard, Durations durations, Predicate<String> selected) {
    int n = shard.count();
    int[] placedCount = new int[n];
    double[] load = new double[n];
    List<Set<String>> datasets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      datasets.add(new HashSet<>());
    }
    List<Map.Entry<String, CaseTime>> longestFirst = new ArrayList<>();
    for (Map.Entry<String, CaseTime> entry : durations.cases().entrySet()) {
      if (selected.test(entry.getKey())) {
        longestFirst.add(entry);
      }
    }
    longestFirst.sort(
        Comparator.comparingDouble(
                (Map.Entry<String, CaseTime> e) -> -cost(durations, e.getValue()))
            .thenComparing(Map.Entry::getKey));
    Map<String, Integer> placed = new LinkedHashMap<>();
    for (Map.Entry<String, CaseTime> entry : longestFirst) {
      int best = 0;
      double bestScore = Double.MAX_VALUE;
      double bestLoad = 0;
      for (int i = 0; i < n; i++) {
        double generation = newGeneration(durations, datasets.get(i), entry.getValue());
        double after = load[i] + entry.getValue().ownSeconds() + generation;
        // a dataset made on one more shard costs the run its generation again: worth it only when
        // it saves more than that
        double score = after + generation;
        // equal scores (cases that cost nothing measurable) go to the shard with fewer cases
        if (score < bestScore || (score == bestScore && placedCount[i] < placedCount[best])) {
          best = i;
          bestScore = score;
          bestLoad = after;
        }
      }
      load[best] = bestLoad;
      placedCount[best]++;
      datasets.get(best).addAll(entry.getValue().datasets());
      placed.put(entry.getKey(), best + 1);
    }
    return new ShardPlan(shard, placed, load, datasets);
  }

  /** What placing a case costs at most: its own time and the generation of all its datasets. */
  private static double cost(Durations durations, CaseTime time) {
    return time.ownSeconds() + newGeneration(durations, Set.of(), time);
  }

  private static double newGeneration(Durations durations, Set<String> have, CaseTime time) {
    double seconds = 0;
    for (String dataset : time.datasets()) {
      if (!have.contains(dataset)) {
        seconds += durations.generationSeconds(dataset);
      }
    }
    return seconds;
  }

  Shard shard() {
    return shard;
  }

  /**
   * The shard (from 1) that runs {@code name}, a case of {@code className}; for a case the
   * durations do not know, asking moves the class's round-robin on: ask once per case.
   */
  int shardOf(String className, String name) {
    Integer known = placed.get(name);
    if (known != null) {
      return known;
    }
    int seen = unknownSeen.merge(className, 1, Integer::sum) - 1;
    return Math.floorMod(className.hashCode() + seen, shard.count()) + 1;
  }

  /** Whether this JVM's shard runs the case (always, for the whole run); ask once per case. */
  boolean runsHere(String className, String name) {
    return shard.isWhole() || shardOf(className, name) == shard.index();
  }

  /** Whether the durations placed {@code name} (its shard is known in advance). */
  boolean knows(String name) {
    return placed.containsKey(name);
  }

  /** The predicted wall time of shard {@code index} (from 1): its cases and its datasets. */
  double predictedSeconds(int index) {
    return predictedSeconds[index - 1];
  }

  /** The datasets the known cases of shard {@code index} need. */
  Set<String> datasetsOf(int index) {
    return Set.copyOf(datasetsOf.get(index - 1));
  }
}
