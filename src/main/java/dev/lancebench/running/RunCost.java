package dev.lancebench.running;

import dev.lancebench.datasets.LocalFiles;
import dev.lancebench.reporting.CaseTime;
import dev.lancebench.reporting.Durations;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What a run is expected to cost, said before its first benchmark: the cases it will run (those the
 * durations file knows, selected and in this shard), the datasets it will make, and its wall time
 * here — the recorded machine's figures scaled by cores, an estimate. During the run, each case's
 * place in it and the time left.
 */
public final class RunCost {
  /** A run expected to take longer than this says so, with the quick command. */
  static final double LONG_SECONDS = 3600;

  /** The in-memory datasets' names begin so ({@code mem-tpch}). */
  static final String IN_MEMORY = "mem-";

  static final String QUICK_COMMAND = "mvn test -Dbench -Dbench.scale=0.03";

  private final Map<String, CaseTime> planned;
  private final Set<String> needed;
  private final Function<String, String> datasetUri;
  private final double factor;
  private final boolean applies;
  private final Durations durations;
  private Map<String, Double> toMake;

  private RunCost(
      Map<String, CaseTime> planned,
      Set<String> needed,
      Function<String, String> datasetUri,
      double factor,
      boolean applies,
      Durations durations) {
    this.planned = planned;
    this.needed = needed;
    this.datasetUri = datasetUri;
    this.factor = factor;
    this.applies = applies;
    this.durations = durations;
  }

  /**
   * @param selected whether a case (by name) is in the run's selection
   * @param datasetUri where a dataset (by name) is, to see whether it must be made
   * @param defaultSizes whether this run's datasets are at their default sizes (the durations'
   *     figures apply only then)
   */
  static RunCost of(
      ShardPlan shards,
      Durations durations,
      Predicate<String> selected,
      Function<String, String> datasetUri,
      boolean defaultSizes,
      int cores) {
    Map<String, CaseTime> planned = new LinkedHashMap<>();
    Set<String> needed = new TreeSet<>();
    durations
        .cases()
        .forEach(
            (name, time) -> {
              if (selected.test(name)
                  && shards.knows(name)
                  && shards.shardOf(className(name), name) == shards.shard().index()) {
                planned.put(name, time);
                needed.addAll(time.datasets());
              }
            });
    double factor =
        durations
            .recordedCores()
            .map(recorded -> recorded / (double) Math.max(1, cores))
            .orElse(1.0);
    return new RunCost(
        planned, needed, datasetUri, factor, defaultSizes && durations.atDefaultSizes(), durations);
  }

  /**
   * The planned datasets that are not there yet, with their generation seconds. Looked at only when
   * the plan is told (the run's first JVM): finding where the datasets are resolves the location,
   * which no other JVM needs before its benchmarks ask.
   */
  private Map<String, Double> toMake() {
    if (toMake == null) {
      toMake = new LinkedHashMap<>();
      for (String dataset : needed) {
        if (dataset.startsWith(IN_MEMORY)) {
          continue; // written into memory by each JVM that uses it, in its cases' time
        }
        if (!LocalFiles.localPath(datasetUri.apply(dataset)).map(Files::exists).orElse(true)) {
          toMake.put(dataset, durations.generationSeconds(dataset));
        }
      }
    }
    return toMake;
  }

  static String className(String caseName) {
    int dot = caseName.indexOf('.');
    return dot < 0 ? caseName : caseName.substring(0, dot);
  }

  /** The expected wall time here, seconds: the planned cases and the datasets to make. */
  double expectedSeconds() {
    double seconds = 0;
    for (CaseTime time : planned.values()) {
      seconds += time.ownSeconds();
    }
    for (double generation : toMake().values()) {
      seconds += generation;
    }
    return seconds * factor;
  }

  /** The plan in a few lines, or nothing when no durations are known. */
  List<String> describe(Shard shard) {
    List<String> lines = new ArrayList<>();
    if (planned.isEmpty()) {
      return lines; // nothing of this run was recorded: nothing to plan with
    }
    String part = shard.isWhole() ? "" : " in shard " + shard + " (bench.shard)";
    lines.add(
        "lance-bench: the plan: "
            + planned.size()
            + " recorded case"
            + (planned.size() == 1 ? "" : "s")
            + part
            + " (a case the durations file does not know runs too, uncounted)");
    if (!applies) {
      lines.add(
          "lance-bench: no estimate of the time: the durations were recorded at other dataset "
              + "sizes than this run's");
      return lines;
    }
    if (!toMake().isEmpty()) {
      List<String> made = new ArrayList<>();
      toMake()
          .forEach(
              (name, seconds) ->
                  made.add(
                      name
                          + " ("
                          + duration(seconds * factor)
                          + Optional.ofNullable(durations.datasets().get(name))
                              .flatMap(Durations.DatasetCost::diskBytes)
                              .map(b -> ", " + gigabytes(b))
                              .orElse("")
                          + ")"));
      lines.add("lance-bench: datasets to make first: " + String.join(", ", made));
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "lance-bench: expected wall time here: about %s (an estimate from %s, recorded on %s"
                + " cores, scaled by cores)",
            duration(expectedSeconds()),
            "the durations file",
            durations.recordedCores().map(String::valueOf).orElse("?")));
    if (expectedSeconds() > LONG_SECONDS) {
      lines.add(
          "lance-bench: that is over an hour. For a quick run on small datasets: "
              + QUICK_COMMAND
              + "; to spread the suite over machines: -Dbench.shard=i/n");
    }
    return lines;
  }

  /**
   * Where case {@code k} stands: "case 12 of 61, 4 min 10 s elapsed, about 31 min left"; the time
   * left is the planned cases not yet finished, scaled as the plan is.
   */
  String progress(int k, double elapsedSeconds, Set<String> finished) {
    StringBuilder line = new StringBuilder("lance-bench: case ").append(k);
    if (!planned.isEmpty()) {
      // cases the durations file does not know run too: past the recorded ones, say so
      line.append(
          k <= planned.size()
              ? " of " + planned.size()
              : " (past the " + planned.size() + " recorded)");
    }
    line.append(", ").append(duration(elapsedSeconds)).append(" elapsed");
    if (applies && !planned.isEmpty()) {
      double left = 0;
      for (Map.Entry<String, CaseTime> entry : planned.entrySet()) {
        if (!finished.contains(entry.getKey())) {
          left += entry.getValue().ownSeconds();
        }
      }
      line.append(", about ").append(duration(left * factor)).append(" left");
    }
    return line.toString();
  }

  public static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return (s / 60) + " min " + (s % 60) + " s";
    }
    return (s / 3600) + " h " + ((s % 3600) / 60) + " min";
  }

  private static String gigabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
  }

  /**
   * The selection Maven's {@code -Dtest} makes (its patterns reach the test JVM as the {@code test}
   * system property): comma-separated {@code Class[#method]} globs, {@code !} excluding. Without
   * one, every case is selected.
   */
  public static Predicate<String> selection(String test) {
    if (test == null || test.isBlank()) {
      return name -> true;
    }
    List<Predicate<String>> include = new ArrayList<>();
    List<Predicate<String>> exclude = new ArrayList<>();
    for (String raw : test.split(",")) {
      String pattern = raw.trim();
      if (pattern.isEmpty()) {
        continue;
      }
      boolean excluded = pattern.startsWith("!");
      (excluded ? exclude : include).add(pattern(excluded ? pattern.substring(1) : pattern));
    }
    return name ->
        (include.isEmpty() || include.stream().anyMatch(p -> p.test(name)))
            && exclude.stream().noneMatch(p -> p.test(name));
  }

  /** Whether the {@code test} patterns include some method of class {@code simpleName}. */
  static boolean selectsClass(String test, String simpleName) {
    if (test == null || test.isBlank()) {
      return true;
    }
    for (String raw : test.split(",")) {
      String pattern = raw.trim();
      if (!pattern.isEmpty()
          && !pattern.startsWith("!")
          && glob(classPart(pattern)).matcher(simpleName).matches()) {
        return true;
      }
    }
    return false;
  }

  /** The simple class name glob of a pattern: "**{@literal /}Foo.java#bar" is "Foo". */
  private static String classPart(String pattern) {
    String part = pattern.split("#", 2)[0].replaceAll("\\.(java|class)$", "");
    part = part.substring(part.lastIndexOf('/') + 1);
    part = part.substring(part.lastIndexOf('.') + 1);
    return part.isEmpty() ? "*" : part;
  }

  private static Predicate<String> pattern(String pattern) {
    String[] parts = pattern.split("#", 2);
    Pattern classes = glob(classPart(pattern));
    List<Pattern> methods = new ArrayList<>();
    if (parts.length > 1) {
      for (String method : parts[1].split("\\+")) {
        methods.add(glob(method));
      }
    }
    return name -> {
      String cls = className(name);
      String rest = name.substring(Math.min(name.length(), cls.length() + 1));
      int bracket = rest.indexOf('[');
      String method = bracket < 0 ? rest : rest.substring(0, bracket);
      return classes.matcher(cls).matches()
          && (methods.isEmpty() || methods.stream().anyMatch(m -> m.matcher(method).matches()));
    };
  }

  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
