package dev.lancebench.reporting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lancebench.measuring.BenchResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A saved run: every result with every sample and measure, and the run's metadata (git commit,
 * branch and dirtiness, lance-core version, JVM, OS, cores, datasets and sizes, seed). Saved with
 * {@code -Dbench.save=NAME} as {@code .benchmarks/NAME.json}; read back by {@code
 * -Dbench.compare=NAME} (or a path ending in {@code .json}).
 */
public record Baseline(
    Path path, JsonNode metadata, String partial, Map<String, BenchResult> results) {
  static final String FORMAT = "lance-bench baseline";
  static final int FORMAT_VERSION = 1;
  public static final String DEFAULT_FOLDER = ".benchmarks";

  /**
   * A name stays in the baselines folder: letters, digits, dot, dash, underscore; not dots alone.
   */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

  /** A baseline that cannot be used, with what to do about it. */
  public static final class BaselineException extends RuntimeException {
    BaselineException(String message) {
      super(message);
    }
  }

  /** Where {@code -Dbench.save=NAME} writes: the name must stay in the folder. */
  public static Path forSave(Path folder, String name) {
    if (!isName(name)) {
      throw new BaselineException(
          "bench.save="
              + name
              + " is not a baseline name: give a plain name (letters, digits, '.', "
              + "'-', '_'), saved as "
              + folder.resolve("NAME.json")
              + " (another folder with "
              + "-Dbench.baselines=DIR); a name cannot be a path or leave that folder.");
    }
    return folder.resolve(name + ".json");
  }

  /** What {@code -Dbench.compare=VALUE} reads: a saved name, or the path of a baseline file. */
  public static Path forCompare(Path folder, String value) {
    if (value.endsWith(".json")) {
      return Path.of(value);
    }
    if (!isName(value)) {
      throw new BaselineException(
          "bench.compare="
              + value
              + " is neither a baseline name (letters, digits, '.', '-', '_'; "
              + "kept in "
              + folder
              + ") nor a baseline file (a path ending in .json). Give the name "
              + "used with -Dbench.save, or the file's path.");
    }
    return folder.resolve(value + ".json");
  }

  static boolean isName(String name) {
    return NAME.matcher(name).matches() && !name.contains("..");
  }

  /** Writes the report as a baseline, atomically (a reader never sees half a file). */
  public static void save(RunReport report, String name, Path file) throws IOException {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("format_version", FORMAT_VERSION);
    root.put("name", name);
    root.put("saved", Instant.now().toString());
    root.set("metadata", ResultsJsonFormat.metadata(report.metadata()));
    if (report.partial() != null) {
      root.put("partial", report.partial());
    }
    ArrayNode benchmarks = root.putArray("benchmarks");
    report.results().stream()
        .sorted(Comparator.comparing(BenchResult::name))
        .forEach(result -> benchmarks.add(RunJournal.MAPPER.valueToTree(result)));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Json.write(root, bytes);
    ReportWriter.writeAtomically(file, bytes.toByteArray());
  }

  /**
   * Reads a baseline; every way it can be unusable is a {@link BaselineException} naming the fix.
   */
  public static Baseline load(Path file) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BaselineException(
          "No baseline at "
              + file.toAbsolutePath()
              + "."
              + saved(file.toAbsolutePath().getParent())
              + " Save one with -Dbench.save=NAME (on the build to compare against), then compare "
              + "with -Dbench.compare=NAME.");
    } catch (IOException e) {
      throw new BaselineException(
          "Cannot read the baseline "
              + file.toAbsolutePath()
              + " ("
              + e
              + "). Make it readable, "
              + "or save it again with -Dbench.save=NAME.");
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(content);
    } catch (JsonProcessingException e) {
      throw new BaselineException(
          "The baseline "
              + file.toAbsolutePath()
              + " is not JSON ("
              + e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + "). It is damaged or not a baseline: "
              + "save it again with -Dbench.save=NAME.");
    } catch (IOException e) {
      throw new BaselineException(
          "Cannot read the baseline " + file.toAbsolutePath() + " (" + e + ").");
    }
    if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
      throw new BaselineException(
          file.toAbsolutePath()
              + " is not a lance-bench baseline (it has no \"format\": \""
              + FORMAT
              + "\"; results.json and bmf.json are not baselines). Save one with "
              + "-Dbench.save=NAME.");
    }
    int version = root.path("format_version").asInt(-1);
    if (version != FORMAT_VERSION) {
      throw new BaselineException(
          "The baseline "
              + file.toAbsolutePath()
              + " is of format version "
              + version
              + "; this lance-bench reads version "
              + FORMAT_VERSION
              + ". Save the baseline again "
              + "with this version of lance-bench (-Dbench.save=NAME on the build to compare against).");
    }
    Map<String, BenchResult> results = new LinkedHashMap<>();
    for (JsonNode node : root.path("benchmarks")) {
      try {
        BenchResult result = RunJournal.MAPPER.treeToValue(node, BenchResult.class);
        results.put(result.name(), result);
      } catch (IOException | IllegalArgumentException e) {
        throw new BaselineException(
            "The baseline "
                + file.toAbsolutePath()
                + " holds a result that cannot be read ("
                + node.path("name").asText("unnamed")
                + ": "
                + e.getMessage()
                + "). Save it again "
                + "with -Dbench.save=NAME.");
      }
    }
    String partial = root.hasNonNull("partial") ? root.get("partial").asText() : null;
    return new Baseline(file, root.path("metadata"), partial, results);
  }

  /** Reads a copy of a baseline as the baseline it copies: the reports name {@code shownAs}. */
  public static Baseline loadAs(Path copy, Path shownAs) {
    Baseline loaded = load(copy);
    return new Baseline(shownAs, loaded.metadata(), loaded.partial(), loaded.results());
  }

  /** The baselines saved in a folder, for the message when the one asked for is not there. */
  private static String saved(Path folder) {
    if (folder == null || !Files.isDirectory(folder)) {
      return " There is no baseline folder "
          + (folder == null ? "" : folder.toAbsolutePath())
          + " yet.";
    }
    try (Stream<Path> files = Files.list(folder)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".json"))
              .map(n -> n.substring(0, n.length() - ".json".length()))
              .sorted()
              .collect(Collectors.toList());
      return names.isEmpty()
          ? " No baseline is saved in " + folder.toAbsolutePath() + "."
          : " Saved in " + folder.toAbsolutePath() + ": " + String.join(", ", names) + ".";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * The benchmark's result, when this run has it passed with a latency: the only results a
   * comparison reads.
   */
  public Optional<BenchResult> measured(String name) {
    BenchResult result = results.get(name);
    return result != null && result.passed() && result.latency() != null
        ? Optional.of(result)
        : Optional.empty();
  }

  /** The name it was saved under (its file's name without .json). */
  public String name() {
    return path.getFileName().toString().replaceFirst("\\.json$", "");
  }

  /** The label the reports show: the name it was saved under, its commit and when. */
  public String describe() {
    StringBuilder label = new StringBuilder(name());
    String commit = metadata.path("git_commit").asText("");
    if (!commit.isEmpty()) {
      label.append(" (commit ").append(commit, 0, Math.min(10, commit.length()));
      String branch = metadata.path("git_branch").asText("");
      if (!branch.isEmpty()) {
        label.append(" on ").append(branch);
      }
      if (metadata.path("git_dirty").asBoolean(false)) {
        label.append(", uncommitted changes");
      }
      label.append(")");
    }
    String started = metadata.path("started").asText("");
    if (!started.isEmpty()) {
      label.append(", run ").append(started);
    }
    return label.toString();
  }
}
