package dev.lancebench.reporting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lancebench.measuring.BenchResult;
import dev.lancebench.measuring.MachineLoad;
import dev.lancebench.measuring.Measure;
import dev.lancebench.measuring.MeasureSummary;
import dev.lancebench.measuring.TimingStatistics;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;

/** Everything measured, with the run's metadata: the file to dig into when a number surprises. */
public final class ResultsJsonFormat implements ResultFormat {
  static final int FORMAT_VERSION = 1;

  @Override
  public void write(RunReport report, OutputStream out) throws IOException {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    root.set("metadata", metadata(report.metadata()));

    if (report.partial() != null) {
      root.put("partial", report.partial());
    }
    ArrayNode notes = root.putArray("notes");
    report.notes().forEach(notes::add);

    ObjectNode measures = root.putObject("measures");
    for (Measure measure : Measure.values()) {
      ObjectNode m = measures.putObject(measure.key());
      m.put("unit", measure.unit().symbol());
      m.put("origin", measure.origin());
      m.put("kind", measure.kind().name().toLowerCase(Locale.ROOT));
    }

    Comparison comparison = report.comparison();
    if (comparison != null) {
      ObjectNode c = HtmlFormat.summary(comparison);
      c.put("of_trials", comparison.ofTrials());
      c.set("min_change_percent", Json.number(comparison.minChange()));
      root.set("comparison", c);
    }

    ArrayNode benchmarks = root.putArray("benchmarks");
    report.results().stream()
        .sorted(Comparator.comparing(BenchResult::name))
        .forEach(
            result -> {
              ObjectNode node = benchmark(result);
              if (comparison != null) {
                comparison
                    .entry(result.name())
                    .ifPresent(
                        entry -> {
                          ObjectNode changes = node.putObject("changes");
                          entry.changes().forEach((k, v) -> changes.set(k, HtmlFormat.change(v)));
                        });
              }
              CaseTime time = report.caseTimes().get(result.name());
              if (time != null) {
                node.set("wall_seconds", Json.number(time.wallSeconds()));
                if (time.generatingSeconds() > 0) {
                  node.set("generating_seconds", Json.number(time.generatingSeconds()));
                }
                ArrayNode used = node.putArray("datasets_used");
                time.datasets().forEach(used::add);
              }
              benchmarks.add(node);
            });
    Json.write(root, out);
  }

  /** The run's metadata as results.json and a saved baseline hold it. */
  static ObjectNode metadata(RunMetadata meta) {
    ObjectNode metadata = Json.MAPPER.createObjectNode();
    metadata.put("lance_core_version", meta.lanceCoreVersion());
    metadata.put("jvm", meta.jvm());
    metadata.put("os", meta.os());
    metadata.put("cores", meta.cores());
    meta.gitCommit().ifPresent(c -> metadata.put("git_commit", c));
    meta.gitBranch().ifPresent(b -> metadata.put("git_branch", b));
    meta.gitDirty().ifPresent(d -> metadata.put("git_dirty", d));
    metadata.put("started", meta.started().toString());
    metadata.put("finished", meta.finished().toString());
    metadata.put("dataset_location", meta.datasetLocation());
    metadata.put("dataset_location_decided_by", meta.datasetLocationDecidedBy());
    metadata.put("seed", meta.seed());
    meta.profiled().ifPresent(events -> metadata.put("profiled", events));
    if (meta.injectedSlowdown() > 0) {
      metadata.set("injected_slowdown", Json.number(meta.injectedSlowdown()));
    }
    if (!meta.trial().isEmpty()) {
      metadata.set("trial", Json.MAPPER.valueToTree(meta.trial()));
    }
    if (!meta.datasets().isEmpty()) {
      metadata.set("datasets", Json.MAPPER.valueToTree(meta.datasets()));
    }
    // whether the numbers compare with a default-size run's (the CI upload refuses them if not)
    metadata.put(
        "default_sizes",
        meta.datasets().values().stream()
            .noneMatch(d -> Boolean.FALSE.equals(d.get("default_size"))));
    return metadata;
  }

  private static ObjectNode benchmark(BenchResult result) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("name", result.name());
    node.put("status", result.status().name().toLowerCase(Locale.ROOT));
    if (result.failure() != null) {
      node.put("failure", result.failure());
    }
    node.put("warmup", result.warmup());
    node.put("rounds", result.rounds());
    node.put("iterations", result.iterations());
    if (!result.planned().minTime().isZero()) {
      node.put("min_time_ns", result.planned().minTime().toNanos());
      node.put("planned_rounds", result.planned().rounds());
    }
    TimingStatistics t = result.latency();
    if (t != null) {
      ObjectNode latency = node.putObject("latency_ns");
      latency.put("n", t.n());
      latency.set("min", Json.number(t.min()));
      latency.set("median", Json.number(t.median()));
      latency.set("mean", Json.number(t.mean()));
      latency.set("max", Json.number(t.max()));
      latency.set("stddev", Json.number(t.stddev()));
      latency.set("p90", Json.number(t.p90()));
      latency.set("p99", Json.number(t.p99()));
      if (t.ci999Lower() != null) {
        ObjectNode ci = latency.putObject("ci99_9");
        ci.set("lower", Json.number(t.ci999Lower()));
        ci.set("upper", Json.number(t.ci999Upper()));
      }
      ArrayNode samples = node.putArray("samples_ns");
      result.samplesNanos().forEach(samples::add);
    }
    ObjectNode measures = node.putObject("measures");
    for (Map.Entry<Measure, MeasureSummary> entry : result.measures().entrySet()) {
      measures.set(entry.getKey().key(), summary(entry.getValue()));
    }
    ObjectNode details = node.putObject("details");
    for (Map.Entry<String, MeasureSummary> entry : result.details().entrySet()) {
      details.set(entry.getKey(), summary(entry.getValue()));
    }
    if (!result.extras().isEmpty()) {
      ObjectNode extras = node.putObject("extras");
      result.extras().forEach((key, value) -> extras.set(key, Json.number(value)));
    }
    MachineLoad load = result.measured() == null ? null : result.measured().load();
    if (load != null) {
      ObjectNode machine = node.putObject("machine_load");
      machine.set("seconds", Json.number(load.seconds()));
      machine.set("other_processes_cores", Json.number(load.otherCores()));
      machine.set("steal_cores", Json.number(load.stealCores()));
      machine.put("cores", load.cores());
      machine.put("busy", load.busy());
    }
    if (result.profile() != null) {
      node.put("profile", result.profile());
    }
    if (!result.unavailable().isEmpty()) {
      ObjectNode unavailable = node.putObject("unavailable");
      result.unavailable().forEach(unavailable::put);
    }
    return node;
  }

  private static ObjectNode summary(MeasureSummary summary) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.set("mean", Json.number(summary.mean()));
    node.set("min", Json.number(summary.min()));
    node.set("max", Json.number(summary.max()));
    ArrayNode perRound = node.putArray("per_round");
    summary.perRound().forEach(v -> perRound.add(Json.number(v)));
    return node;
  }
}
