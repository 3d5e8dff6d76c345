package dev.lancebench.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What becomes of a finished run's report: the files it is written to, whether the table is
 * printed, the baseline runs it is compared with, the name it is saved under, and the gate. One
 * value for every way a run ends — a JVM's close, the fork script's rebuild after a JVM died, a
 * comparison of saved runs — so each ends in the same {@link ReportPipeline}.
 *
 * @param bmfFile bmf.json, or empty for none (a comparison of saved runs writes no BMF)
 * @param compared the baseline runs, as the files to read and the paths the reports name
 * @param alpha the latency test's level
 * @param minChange the least latency change in percent that can count as real
 * @param saveName with {@code saveFile}: the run is saved as this baseline
 */
public record ReportPlan(
    Optional<Path> bmfFile,
    Optional<Path> resultsFile,
    Optional<Path> htmlFile,
    boolean printTable,
    boolean colour,
    List<ComparedRun> compared,
    double alpha,
    double minChange,
    Optional<String> saveName,
    Optional<Path> saveFile,
    RegressionGate gate) {

  public ReportPlan {
    compared = List.copyOf(compared);
    if (saveName.isPresent() != saveFile.isPresent()) {
      throw new IllegalArgumentException("a saved baseline needs both its name and its file");
    }
  }

  /**
   * A baseline run the report is compared with: read from {@code file}, named as {@code shownAs}.
   */
  public record ComparedRun(Path file, Path shownAs) {
    /** Reads it; a {@link Baseline.BaselineException} names what is wrong with it and the fix. */
    Baseline load() {
      return file.equals(shownAs) ? Baseline.load(file) : Baseline.loadAs(file, shownAs);
    }
  }

  /**
   * A command's plan ({@code compare/report}, {@code compare/merge}): the table, and bmf.json,
   * results.json and report.html in {@code folder}; no comparison, no save, no gate.
   */
  public static ReportPlan into(Path folder) {
    return new ReportPlan(
        Optional.of(folder.resolve("bmf.json")),
        Optional.of(folder.resolve("results.json")),
        Optional.of(folder.resolve("report.html")),
        true,
        false,
        List.of(),
        0.01,
        3,
        Optional.empty(),
        Optional.empty(),
        new RegressionGate(null, Map.of()));
  }

  /** The same plan without the table (the fork script's rebuild prints none). */
  public ReportPlan withoutTable() {
    return new ReportPlan(
        bmfFile,
        resultsFile,
        htmlFile,
        false,
        colour,
        compared,
        alpha,
        minChange,
        saveName,
        saveFile,
        gate);
  }

  /** The same plan compared with nothing (a compared run could not be used). */
  public ReportPlan withoutComparison() {
    return new ReportPlan(
        bmfFile,
        resultsFile,
        htmlFile,
        printTable,
        colour,
        List.of(),
        alpha,
        minChange,
        saveName,
        saveFile,
        gate);
  }

  /** Reads every compared run, in order; the first that cannot be used throws. */
  List<Baseline> loadCompared() {
    List<Baseline> loaded = new ArrayList<>();
    for (ComparedRun run : compared) {
      loaded.add(run.load());
    }
    return loaded;
  }

  /** The plan as JSON, for a process that finishes the run later from its journal. */
  public ObjectNode toJson() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    bmfFile.ifPresent(p -> root.put("bmf", p.toAbsolutePath().toString()));
    resultsFile.ifPresent(p -> root.put("results", p.toAbsolutePath().toString()));
    htmlFile.ifPresent(p -> root.put("html", p.toAbsolutePath().toString()));
    root.put("print_table", printTable);
    root.put("colour", colour);
    ArrayNode runs = root.putArray("compared");
    for (ComparedRun run : compared) {
      runs.addObject()
          .put("file", run.file().toAbsolutePath().toString())
          .put("shown_as", run.shownAs().toAbsolutePath().toString());
    }
    root.put("alpha", alpha);
    root.put("min_change", minChange);
    saveName.ifPresent(name -> root.put("save_name", name));
    saveFile.ifPresent(p -> root.put("save_file", p.toAbsolutePath().toString()));
    if (gate.overall() != null) {
      root.put("gate", gate.overall());
    }
    ObjectNode perMeasure = root.putObject("gate_per_measure");
    gate.perMeasure().forEach(perMeasure::put);
    return root;
  }

  /** The plan {@link #toJson} wrote. */
  public static ReportPlan fromJson(JsonNode root) {
    List<ComparedRun> compared = new ArrayList<>();
    for (JsonNode run : root.path("compared")) {
      compared.add(
          new ComparedRun(
              Path.of(run.path("file").asText()), Path.of(run.path("shown_as").asText())));
    }
    Map<String, Double> perMeasure = new LinkedHashMap<>();
    root.path("gate_per_measure")
        .fields()
        .forEachRemaining(e -> perMeasure.put(e.getKey(), e.getValue().asDouble()));
    return new ReportPlan(
        path(root, "bmf"),
        path(root, "results"),
        path(root, "html"),
        root.path("print_table").asBoolean(false),
        root.path("colour").asBoolean(false),
        compared,
        root.path("alpha").asDouble(),
        root.path("min_change").asDouble(),
        root.hasNonNull("save_name")
            ? Optional.of(root.get("save_name").asText())
            : Optional.empty(),
        path(root, "save_file"),
        new RegressionGate(
            root.hasNonNull("gate") ? root.get("gate").asDouble() : null, perMeasure));
  }

  private static Optional<Path> path(JsonNode root, String key) {
    return root.hasNonNull(key) ? Optional.of(Path.of(root.get(key).asText())) : Optional.empty();
  }
}
