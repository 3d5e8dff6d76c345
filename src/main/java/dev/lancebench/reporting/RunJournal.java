package dev.lancebench.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.lancebench.measuring.BenchResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The run's journal: one JSON line per event, appended and forced to disk the moment it happens, so
 * whatever finished before a crash, a Ctrl-C or a kill is there for the reports, which are built
 * from it. A run may span several JVMs (one per benchmark class under Maven): they share the run id
 * and append to the same journal; a journal of another run is removed with that run's outputs
 * before this run writes anything, so they are never taken for this run's — unless that run never
 * wrote its reports from all of it (a kill -9): then it is kept as {@code unfinished-<run
 * id>.jsonl}, whose reports {@code compare/report} builds.
 */
public final class RunJournal {
  public static final String FILE = "journal.jsonl";

  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private final Path file;
  private final String runId;
  private Path keptUnfinished;
  private boolean begun;

  private RunJournal(Path file, String runId) {
    this.file = file;
    this.runId = runId;
  }

  /** The journal of a run read on its own ({@code compare/report}): nothing is written to it. */
  public static RunJournal reading(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no run journal at " + file.toAbsolutePath());
    }
    return new RunJournal(file, runIdOf(file));
  }

  /**
   * Where an earlier run's journal was kept when this run started, because that run never wrote its
   * reports from all of it (its last JVM was killed): build them with {@code compare/report}.
   */
  /** Whether this JVM began the run's journal (the run's first JVM), rather than continuing it. */
  public boolean begun() {
    return begun;
  }

  public Optional<Path> keptUnfinished() {
    return Optional.ofNullable(keptUnfinished);
  }

  /**
   * Whether the run of {@code journal} wrote its reports after its last line: a report older than
   * the journal (or none) means a JVM of it died after the last reports were written.
   */
  private static boolean reportedToTheEnd(Path journal, List<Path> reports) throws IOException {
    if (reports.isEmpty() || !Files.isRegularFile(reports.get(0))) {
      return false;
    }
    return Files.getLastModifiedTime(reports.get(0)).compareTo(Files.getLastModifiedTime(journal))
        >= 0;
  }

  /**
   * The journal of run {@code runId} in {@code folder}: continued when it is this run's, else
   * started anew after removing {@code earlierOutputs} (the earlier run's bmf.json, results.json).
   */
  public static synchronized RunJournal open(Path folder, String runId, List<Path> earlierOutputs) {
    Path file = folder.resolve(FILE);
    try {
      Files.createDirectories(folder);
      String earlierRun = runIdOf(file);
      if (!earlierRun.equals(runId)) {
        Path kept = null;
        if (Files.isRegularFile(file) && !reportedToTheEnd(file, earlierOutputs)) {
          kept =
              folder.resolve(
                  "unfinished-"
                      + (earlierRun.isEmpty()
                          ? "run"
                          : earlierRun.replaceAll("[^A-Za-z0-9._-]", "_"))
                      + ".jsonl");
          Files.move(file, kept, StandardCopyOption.REPLACE_EXISTING);
        }
        for (Path earlier : earlierOutputs) {
          try {
            Files.deleteIfExists(earlier);
          } catch (IOException e) {
            // not there to be mistaken (e.g. its folder is a file): writing it will say why
          }
        }
        Files.deleteIfExists(file);
        RunJournal journal = new RunJournal(file, runId);
        journal.keptUnfinished = kept;
        journal.begun = true;
        ObjectNode run = MAPPER.createObjectNode();
        run.put("type", "run");
        run.put("run_id", runId);
        run.put("started", Instant.now().toString());
        journal.append(run);
        return journal;
      }
      return new RunJournal(file, runId);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the run journal "
              + file.toAbsolutePath()
              + " ("
              + e.getMessage()
              + "). Make the folder writable or choose another with -Dbench.out=PATH.",
          e);
    }
  }

  private static String runIdOf(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return "";
    }
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      String first = lines.findFirst().orElse("");
      try {
        return MAPPER.readTree(first).path("run_id").asText("");
      } catch (IOException e) {
        return ""; // not a journal of ours: replaced
      }
    }
  }

  public String runId() {
    return runId;
  }

  public Path file() {
    return file;
  }

  /** A benchmark begins in this JVM. */
  public void started(String name) {
    ObjectNode line = MAPPER.createObjectNode();
    line.put("type", "started");
    line.put("name", name);
    line.put("pid", ProcessHandle.current().pid());
    ProcessHandle.current().parent().ifPresent(p -> line.put("parent_pid", p.pid()));
    append(line);
  }

  /**
   * This JVM joins the run: when it started (its share of the run's wall time begins there, before
   * the first benchmark it runs).
   */
  public void jvm() {
    ObjectNode line = MAPPER.createObjectNode();
    line.put("type", "jvm");
    line.put("pid", ProcessHandle.current().pid());
    line.put("jvm_started_at", ManagementFactory.getRuntimeMXBean().getStartTime());
    append(line);
  }

  /**
   * A benchmark's one result, the datasets it asked for and the seconds it spent generating them.
   */
  public void finished(BenchResult result, Collection<String> datasets, double generatingSeconds) {
    ObjectNode line = MAPPER.createObjectNode();
    line.put("type", "result");
    line.set("result", MAPPER.valueToTree(result));
    line.put("pid", ProcessHandle.current().pid());
    ArrayNode used = line.putArray("datasets");
    datasets.forEach(used::add);
    line.put("generating_seconds", generatingSeconds);
    append(line);
  }

  public void note(String text) {
    ObjectNode line = MAPPER.createObjectNode();
    line.put("type", "note");
    line.put("text", text);
    append(line);
  }

  /** Facts of a JVM of the run for the reports' metadata (dataset location, seed, profile). */
  public void session(Map<String, Object> facts) {
    ObjectNode line = MAPPER.createObjectNode();
    line.put("type", "session");
    line.set("facts", MAPPER.valueToTree(facts));
    append(line);
  }

  /** The datasets a JVM of the run used, with their sizes. */
  public void datasets(Map<String, Map<String, Object>> datasets) {
    ObjectNode line = MAPPER.createObjectNode();
    line.put("type", "datasets");
    line.set("datasets", MAPPER.valueToTree(datasets));
    append(line);
  }

  private synchronized void append(ObjectNode line) {
    line.put("at", System.currentTimeMillis()); // when it happened: cases' wall times come from it
    byte[] bytes;
    try {
      bytes = (MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false); // durable before the benchmark after it can crash the JVM
    } catch (IOException e) {
      throw new UncheckedIOException("appending to the run journal " + file.toAbsolutePath(), e);
    }
  }

  /**
   * Adds what one JVM (or one shard) told of the datasets to {@code into}: a fact told later
   * replaces the same fact, and the facts only an earlier one knew (what generating it cost) stay.
   */
  public static void addDatasetFacts(
      Map<String, Map<String, Object>> into, Map<String, Map<String, Object>> told) {
    told.forEach(
        (name, facts) ->
            into.merge(
                name,
                facts,
                (earlier, later) -> {
                  Map<String, Object> merged = new LinkedHashMap<>(earlier);
                  merged.putAll(later);
                  return merged;
                }));
  }

  /** A benchmark that started and has no result: its JVM died, or is still running it. */
  public record Unfinished(String name, long pid, long parentPid) {}

  /** What the journal holds, in order. */
  public record Contents(
      Instant started,
      List<BenchResult> results,
      List<Unfinished> unfinished,
      List<String> notes,
      Map<String, Map<String, Object>> datasets,
      Map<String, Object> session,
      Map<String, CaseTime> caseTimes) {}

  @SuppressWarnings("unchecked")
  public synchronized Contents read() {
    Instant started = Instant.now();
    Map<String, BenchResult> results = new LinkedHashMap<>();
    Map<String, Unfinished> open = new LinkedHashMap<>();
    Set<String> notes = new LinkedHashSet<>();
    Map<String, Map<String, Object>> datasets = new LinkedHashMap<>();
    Map<String, Object> session = new LinkedHashMap<>();
    Map<String, CaseTime> caseTimes = new LinkedHashMap<>();
    // per JVM: when its current case began (the end of the one before it, or the JVM's start)
    Map<Long, Long> caseBegan = new HashMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the run journal " + file.toAbsolutePath(), e);
    }
    for (String text : lines) {
      JsonNode line;
      try {
        line = MAPPER.readTree(text);
      } catch (IOException e) {
        continue; // the last line of a JVM killed while writing it: what it held never finished
      }
      switch (line.path("type").asText()) {
        case "run":
          started = Instant.parse(line.path("started").asText());
          break;
        case "started":
          open.put(
              line.path("name").asText(),
              new Unfinished(
                  line.path("name").asText(),
                  line.path("pid").asLong(),
                  line.path("parent_pid").asLong(-1)));
          break;
        case "jvm":
          caseBegan.put(line.path("pid").asLong(), line.path("jvm_started_at").asLong());
          break;
        case "result":
          try {
            BenchResult result = MAPPER.treeToValue(line.path("result"), BenchResult.class);
            results.put(result.name(), result);
            open.remove(result.name());
            Long began = caseBegan.get(line.path("pid").asLong());
            if (began != null && line.has("at")) {
              List<String> used = new ArrayList<>();
              line.path("datasets").forEach(d -> used.add(d.asText()));
              caseTimes.put(
                  result.name(),
                  new CaseTime(
                      (line.get("at").asLong() - began) / 1000.0,
                      line.path("generating_seconds").asDouble(0),
                      used));
              caseBegan.put(line.path("pid").asLong(), line.get("at").asLong());
            }
          } catch (IOException e) {
            throw new UncheckedIOException(
                "a result in the run journal " + file + " cannot be read", e);
          }
          break;
        case "note":
          notes.add(line.path("text").asText());
          break;
        case "session":
          session.putAll(MAPPER.convertValue(line.path("facts"), Map.class));
          break;
        case "datasets":
          // each JVM says what it knows of a dataset; the one that generated it knows its cost
          addDatasetFacts(datasets, MAPPER.convertValue(line.path("datasets"), Map.class));
          break;
        default:
          break;
      }
    }
    return new Contents(
        started,
        new ArrayList<>(results.values()),
        new ArrayList<>(open.values()),
        new ArrayList<>(notes),
        datasets,
        session,
        caseTimes);
  }
}
