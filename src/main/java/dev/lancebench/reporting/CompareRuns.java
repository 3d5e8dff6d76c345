package dev.lancebench.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lancebench.measuring.BenchResult;
import dev.lancebench.settings.Setting;
import dev.lancebench.settings.Settings;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command behind {@code compare/compare}: compares two saved runs without measuring again — a
 * baseline saved with {@code -Dbench.save} against one or more others — with the same judgement,
 * table, HTML report and gate as {@code -Dbench.compare}. For asking a saved run about another
 * baseline, or about the noise between runs of one build.
 */
public final class CompareRuns {
  /** Exit status: compared; a regression beyond the gate; the command could not compare. */
  static final int OK = 0;

  static final int REGRESSED = 1;
  static final int ERROR = 2;

  private final PrintStream out;
  private final PrintStream err;

  CompareRuns(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new CompareRuns(System.out, System.err).run(args));
  }

  static String usage() {
    return "usage: compare/compare [--baselines DIR] [--alpha A] [--min-change PERCENT]\n"
        + "                       [--fail-on-regression PERCENT] [--html FILE] RUN BASELINE[,BASELINE...]\n"
        + "  RUN, BASELINE   names saved with -Dbench.save (in --baselines, default .benchmarks) or\n"
        + "                  paths of baseline files (*.json); several baselines, comma-separated,\n"
        + "                  are runs of one build, whose spread is the noise between runs\n"
        + "  --alpha         significance level of the latency test (default 0.01)\n"
        + "  --min-change    least latency change in percent that can count as real (default 3)\n"
        + "  --fail-on-regression  exit 1 when a benchmark got worse by more than PERCENT\n"
        + "                  (latency: and significantly)\n"
        + "  --html FILE     also write the HTML report of the comparison\n";
  }

  int run(String[] args) {
    // the project's saved runs (the script says where the project is), else from here
    Path folder = Path.of(System.getProperty("lancebench.baselines", Baseline.DEFAULT_FOLDER));
    double alpha = 0.01;
    double minChange = 3;
    Double gate = null;
    Path html = null;
    List<String> positional = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--help":
          case "-h":
            out.print(usage());
            return OK;
          case "--baselines":
            folder = Path.of(value(args, ++i, arg));
            break;
          case "--alpha":
            alpha =
                parse(Settings.COMPARE_ALPHA, value(args, ++i, arg), arg, "a level in (0, 0.5]");
            break;
          case "--min-change":
            minChange = parse(Settings.COMPARE_MIN_CHANGE, value(args, ++i, arg), arg, PERCENTAGE);
            break;
          case "--fail-on-regression":
            gate = parse(Settings.FAIL_ON_REGRESSION, value(args, ++i, arg), arg, PERCENTAGE);
            break;
          case "--html":
            html = Path.of(value(args, ++i, arg));
            break;
          default:
            if (arg.startsWith("--")) {
              throw new IllegalArgumentException("unknown option " + arg);
            }
            positional.add(arg);
        }
      }
      if (positional.size() != 2) {
        throw new IllegalArgumentException("give a run and its baseline(s)");
      }
    } catch (IllegalArgumentException e) {
      err.println("compare: " + e.getMessage());
      err.print(usage());
      return ERROR;
    }
    RunReport current;
    List<Baseline> baselines = new ArrayList<>();
    try {
      current = asReport(Baseline.load(Baseline.forCompare(folder, positional.get(0))));
      for (String name : positional.get(1).split(",")) {
        if (!name.isBlank()) {
          baselines.add(Baseline.load(Baseline.forCompare(folder, name.trim())));
        }
      }
    } catch (Baseline.BaselineException e) {
      err.println("compare: " + forTheCommand(e.getMessage()));
      return ERROR;
    }
    ReportPlan plan =
        new ReportPlan(
            Optional.empty(),
            Optional.empty(),
            Optional.ofNullable(html),
            true,
            false,
            List.of(),
            alpha,
            minChange,
            Optional.empty(),
            Optional.empty(),
            new RegressionGate(gate, Map.of()));
    ReportPipeline.Outcome outcome =
        ReportPipeline.finish(current, baselines, plan, out, name -> true);
    if (!outcome.problems().isEmpty()) {
      outcome.problems().forEach(problem -> err.println("compare: " + problem));
      return ERROR;
    }
    if (outcome.regressions().isPresent()) {
      err.println(outcome.regressionsForTheCommand().orElseThrow());
      return REGRESSED;
    }
    return OK;
  }

  /** A baseline's message as the command's user reads it: its words, not the run's settings. */
  static String forTheCommand(String message) {
    return message
        .replaceFirst("^bench\\.compare=", "")
        .replace("then compare with -Dbench.compare=NAME", "then compare/compare RUN NAME")
        .replace("-Dbench.baselines=DIR", "--baselines DIR");
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static final String PERCENTAGE = "a percentage such as 10";

  /** An option's value, read by the rule of the setting it stands for in a benchmark run. */
  private static double parse(
      Setting<BigDecimal> setting, String text, String option, String expects) {
    try {
      return setting.parseText(text).doubleValue();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + " takes " + expects + ", not " + text);
    }
  }

  /** A saved run as the report it was, its metadata read back from the file. */
  static RunReport asReport(Baseline saved) {
    JsonNode m = saved.metadata();
    Map<String, Map<String, Object>> datasets = new LinkedHashMap<>();
    m.path("datasets")
        .fields()
        .forEachRemaining(
            e -> datasets.put(e.getKey(), Json.MAPPER.convertValue(e.getValue(), Map.class)));
    RunMetadata metadata =
        new RunMetadata(
            m.path("lance_core_version").asText("unknown"),
            m.path("jvm").asText(""),
            m.path("os").asText(""),
            m.path("cores").asInt(0),
            text(m, "git_commit"),
            text(m, "git_branch"),
            m.has("git_dirty") ? Optional.of(m.get("git_dirty").asBoolean()) : Optional.empty(),
            instant(m, "started"),
            instant(m, "finished"),
            m.path("dataset_location").asText(""),
            m.path("dataset_location_decided_by").asText(""),
            m.path("seed").asLong(0),
            datasets,
            text(m, "profiled"),
            false,
            m.path("injected_slowdown").asDouble(0),
            m.has("trial") ? Json.MAPPER.convertValue(m.get("trial"), Map.class) : Map.of());
    List<BenchResult> results = new ArrayList<>(saved.results().values());
    return new RunReport(
        metadata, results, List.of("Compared from the saved run " + saved.path()), saved.partial());
  }

  private static Optional<String> text(JsonNode node, String key) {
    return node.hasNonNull(key) ? Optional.of(node.get(key).asText()) : Optional.empty();
  }

  private static Instant instant(JsonNode node, String key) {
    try {
      return Instant.parse(node.path(key).asText(""));
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
