package dev.lancebench.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What each benchmark case and each dataset cost the runs that recorded them: the durations file
 * ({@code durations.json}) a run writes beside results.json, and the one the repository carries
 * ({@code bench-durations.json}) from which shards are balanced and a run's cost is said up front.
 *
 * @param recorded the runs the figures come from: their start, machine (cores, OS, JVM), lance-core
 *     version, commit and whether the datasets were at their default sizes
 * @param cases per benchmark name
 * @param datasets per dataset name: the seconds its generation took and its size on disk, where
 *     known
 */
public record Durations(
    List<Map<String, Object>> recorded,
    Map<String, CaseTime> cases,
    Map<String, DatasetCost> datasets) {

  public static final String FILE = "durations.json";
  static final int FORMAT_VERSION = 1;

  public Durations {
    recorded = List.copyOf(recorded);
    cases = Collections.unmodifiableMap(new TreeMap<>(cases));
    datasets = Collections.unmodifiableMap(new TreeMap<>(datasets));
  }

  /** A dataset's cost: generation seconds and bytes on disk, each absent when not measured. */
  public record DatasetCost(Optional<Double> generatedSeconds, Optional<Long> diskBytes) {}

  public static Durations none() {
    return new Durations(List.of(), Map.of(), Map.of());
  }

  public boolean isEmpty() {
    return cases.isEmpty();
  }

  /** The durations a finished run recorded. */
  public static Durations of(RunReport report) {
    RunMetadata meta = report.metadata();
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("started", meta.started().toString());
    run.put("cores", meta.cores());
    run.put("os", meta.os());
    run.put("jvm", meta.jvm());
    run.put("lance_core_version", meta.lanceCoreVersion());
    meta.gitCommit().ifPresent(c -> run.put("git_commit", c));
    run.put(
        "default_sizes",
        meta.datasets().values().stream()
            .noneMatch(d -> Boolean.FALSE.equals(d.get("default_size"))));
    run.put("cases", report.caseTimes().size());
    Map<String, DatasetCost> datasets = new LinkedHashMap<>();
    meta.datasets()
        .forEach(
            (name, facts) ->
                datasets.put(
                    name,
                    new DatasetCost(
                        number(facts.get("generated_seconds")).map(Number::doubleValue),
                        number(facts.get("disk_bytes")).map(Number::longValue))));
    return new Durations(List.of(run), report.caseTimes(), datasets);
  }

  private static Optional<Number> number(Object value) {
    return value instanceof Number ? Optional.of((Number) value) : Optional.empty();
  }

  /**
   * These durations with {@code later}'s on top: a case or dataset {@code later} recorded replaces
   * this one's, a measured generation time or size is kept where {@code later} has none (it found
   * the dataset made).
   */
  public Durations with(Durations later) {
    List<Map<String, Object>> runs = new ArrayList<>(recorded);
    runs.addAll(later.recorded);
    Map<String, CaseTime> allCases = new LinkedHashMap<>(cases);
    allCases.putAll(later.cases);
    Map<String, DatasetCost> allDatasets = new LinkedHashMap<>(datasets);
    later.datasets.forEach(
        (name, cost) ->
            allDatasets.merge(
                name,
                cost,
                (earlier, newer) ->
                    new DatasetCost(
                        newer.generatedSeconds().or(earlier::generatedSeconds),
                        newer.diskBytes().or(earlier::diskBytes))));
    return new Durations(runs, allCases, allDatasets);
  }

  /** The seconds generating {@code dataset} took when it was recorded; 0 when not recorded. */
  public double generationSeconds(String dataset) {
    DatasetCost cost = datasets.get(dataset);
    return cost == null ? 0 : cost.generatedSeconds().orElse(0.0);
  }

  /** The cores of the machine the figures were recorded on (the first run's), if said. */
  public Optional<Integer> recordedCores() {
    return recorded.stream()
        .map(run -> run.get("cores"))
        .filter(Number.class::isInstance)
        .map(c -> ((Number) c).intValue())
        .findFirst();
  }

  /** Whether every recording run had its datasets at their default sizes. */
  public boolean atDefaultSizes() {
    return !recorded.isEmpty()
        && recorded.stream().allMatch(run -> Boolean.TRUE.equals(run.get("default_sizes")));
  }

  public void write(OutputStream out) throws IOException {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    root.set("recorded", Json.MAPPER.valueToTree(recorded));
    ObjectNode byCase = root.putObject("cases");
    cases.forEach(
        (name, time) -> {
          ObjectNode node = byCase.putObject(name);
          node.set("seconds", Json.number(round(time.wallSeconds())));
          if (time.generatingSeconds() > 0) {
            node.set("generating_seconds", Json.number(round(time.generatingSeconds())));
          }
          ArrayNode used = node.putArray("datasets");
          time.datasets().forEach(used::add);
        });
    ObjectNode byDataset = root.putObject("datasets");
    datasets.forEach(
        (name, cost) -> {
          ObjectNode node = byDataset.putObject(name);
          cost.generatedSeconds()
              .ifPresent(s -> node.set("generated_seconds", Json.number(round(s))));
          cost.diskBytes().ifPresent(b -> node.put("disk_bytes", b));
        });
    Json.write(root, out);
  }

  private static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }

  /** The durations file at {@code file}; none when there is no file. */
  public static Durations load(Path file) {
    if (!Files.isRegularFile(file)) {
      return none();
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "The durations file "
              + file.toAbsolutePath()
              + " cannot be read ("
              + e.getMessage()
              + "). Replace it with a durations.json a run wrote, or point bench.durations at "
              + "another.",
          e);
    }
    if (root == null || root.path("format_version").asInt() != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "The durations file "
              + file.toAbsolutePath()
              + " is not a durations file of format "
              + FORMAT_VERSION
              + ". Replace it with a durations.json a run wrote, or point bench.durations at "
              + "another.");
    }
    List<Map<String, Object>> recorded = new ArrayList<>();
    for (JsonNode run : root.path("recorded")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> facts = Json.MAPPER.convertValue(run, Map.class);
      recorded.add(facts);
    }
    Map<String, CaseTime> cases = new LinkedHashMap<>();
    root.path("cases")
        .fields()
        .forEachRemaining(
            e -> {
              List<String> used = new ArrayList<>();
              e.getValue().path("datasets").forEach(d -> used.add(d.asText()));
              cases.put(
                  e.getKey(),
                  new CaseTime(
                      e.getValue().path("seconds").asDouble(),
                      e.getValue().path("generating_seconds").asDouble(0),
                      used));
            });
    Map<String, DatasetCost> datasets = new LinkedHashMap<>();
    root.path("datasets")
        .fields()
        .forEachRemaining(
            e ->
                datasets.put(
                    e.getKey(),
                    new DatasetCost(
                        e.getValue().has("generated_seconds")
                            ? Optional.of(e.getValue().get("generated_seconds").asDouble())
                            : Optional.empty(),
                        e.getValue().has("disk_bytes")
                            ? Optional.of(e.getValue().get("disk_bytes").asLong())
                            : Optional.empty())));
    return new Durations(recorded, cases, datasets);
  }
}
