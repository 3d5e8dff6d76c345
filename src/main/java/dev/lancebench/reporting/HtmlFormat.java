package dev.lancebench.reporting;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lancebench.measuring.BenchResult;
import dev.lancebench.measuring.Measure;
import dev.lancebench.measuring.MeasureSummary;
import dev.lancebench.measuring.TimingStatistics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * {@code report.html}: one self-contained file (no network) with the run's metadata, a sortable
 * table of every benchmark and measure, per benchmark the distribution of its latency samples and,
 * with a comparison, the ratio to the baseline per benchmark with its confidence interval,
 * regressions first. The charts are drawn by Apache ECharts, inlined from its WebJar.
 */
public final class HtmlFormat implements ResultFormat {
  private static final String TEMPLATE = "report.html";
  private static final String LIBRARY_MARKER = "/*ECHARTS*/";
  private static final String DATA_MARKER = "/*DATA*/";
  private static final String ECHARTS_POM = "META-INF/maven/org.webjars.npm/echarts/pom.properties";

  /** Samples per benchmark drawn as dots; the box always uses all of them. */
  static final int MAX_DOTS = 2000;

  @Override
  public void write(RunReport report, OutputStream out) throws IOException {
    // each marker of the template replaced once, in place: neither inserted text is searched
    String template = template();
    int library = template.indexOf(LIBRARY_MARKER);
    int json = template.indexOf(DATA_MARKER);
    if (library < 0 || json < library) {
      throw new IllegalStateException("the report template lost its markers");
    }
    String page =
        template.substring(0, library)
            + echarts()
            + template.substring(library + LIBRARY_MARKER.length(), json)
            + inScript(
                Json.MAPPER
                    .writer()
                    .without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(data(report)))
            + template.substring(json + DATA_MARKER.length());
    out.write(page.getBytes(StandardCharsets.UTF_8));
  }

  /** JSON is safe inside a script element once no "<" can close it. */
  static String inScript(String json) {
    return json.replace("<", "\\u003c");
  }

  static ObjectNode data(RunReport report) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.set("metadata", ResultsJsonFormat.metadata(report.metadata()));
    if (report.partial() != null) {
      root.put("partial", report.partial());
    }
    ArrayNode notes = root.putArray("notes");
    report.notes().forEach(notes::add);
    ArrayNode measures = root.putArray("measures");
    for (Measure measure : Measure.values()) {
      ObjectNode m = measures.addObject();
      m.put("key", measure.key());
      m.put("unit", measure.unit().symbol());
      m.put("origin", measure.origin());
    }
    Comparison comparison = report.comparison();
    if (comparison != null) {
      root.set("comparison", summary(comparison));
    } else {
      root.putNull("comparison");
    }
    ArrayNode benchmarks = root.putArray("benchmarks");
    report.results().stream()
        .sorted(Comparator.comparing(BenchResult::name))
        .forEach(result -> benchmarks.add(benchmark(result, comparison)));
    return root;
  }

  private static ObjectNode benchmark(BenchResult result, Comparison comparison) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("name", result.name());
    node.put("status", result.status().name().toLowerCase(Locale.ROOT));
    if (result.failure() != null) {
      node.put("failure", result.failure());
    }
    TimingStatistics t = result.latency();
    if (t != null) {
      ObjectNode latency = node.putObject("latency");
      latency.put("n", t.n());
      latency.set("median", Json.number(t.median()));
      latency.set("box", box(result.samplesNanos()));
      ArrayNode samples = node.putArray("samples");
      List<Long> all = result.samplesNanos();
      int step = Math.max(1, (all.size() + MAX_DOTS - 1) / MAX_DOTS);
      for (int i = 0; i < all.size(); i += step) {
        samples.add(all.get(i));
      }
    }
    ObjectNode measures = node.putObject("measures");
    for (Map.Entry<Measure, MeasureSummary> entry : result.measures().entrySet()) {
      measures.set(entry.getKey().key(), Json.number(entry.getKey().headline(entry.getValue())));
    }
    if (comparison != null) {
      comparison
          .entry(result.name())
          .ifPresent(
              entry -> {
                ObjectNode changes = node.putObject("changes");
                entry.changes().forEach((key, change) -> changes.set(key, change(change)));
              });
      List<Long> before = new ArrayList<>();
      comparison.before(result.name()).forEach(r -> before.addAll(r.samplesNanos()));
      if (!before.isEmpty()) {
        node.set("baselineBox", box(before));
      }
    }
    return node;
  }

  /** What was compared with what, and how, as the HTML report's data and results.json hold it. */
  static ObjectNode summary(Comparison comparison) {
    ObjectNode c = Json.MAPPER.createObjectNode();
    c.put("baseline", comparison.describe());
    c.put("alpha", comparison.alpha());
    c.put("runs", comparison.baselines().size());
    c.put("trials", comparison.trialsB().size());
    c.put("method", comparison.method());
    ArrayNode warnings = c.putArray("warnings");
    comparison.warnings().forEach(warnings::add);
    ArrayNode added = c.putArray("added");
    comparison.added().forEach(added::add);
    ArrayNode missing = c.putArray("missing");
    comparison.missing().forEach(missing::add);
    return c;
  }

  /** One change as the HTML report's data and results.json hold it. */
  static ObjectNode change(Comparison.Change change) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("verdict", change.verdict().name());
    node.put("label", change.label());
    node.set("before", Json.number(change.before()));
    node.set("after", Json.number(change.after()));
    double ratio = change.ratio();
    if (Double.isFinite(ratio)) {
      node.put("ratio", ratio);
    } else {
      node.putNull("ratio");
    }
    putOrNull(node, "lower", change.ratioLower());
    putOrNull(node, "upper", change.ratioUpper());
    putOrNull(node, "p", change.pValue());
    node.put("runs", change.baselineRuns());
    putOrNull(node, "runNoise", change.runNoisePercent());
    if (change.trials() > 0) {
      node.put("trials", change.trials());
      putOrNull(node, "detects", change.detectablePercent());
    }
    return node;
  }

  private static void putOrNull(ObjectNode node, String key, Double value) {
    if (value == null) {
      node.putNull(key);
    } else {
      node.put(key, value);
    }
  }

  /** min, lower quartile, median, upper quartile, max, in milliseconds (the charts' unit). */
  static ArrayNode box(List<Long> samplesNanos) {
    double[] sorted = samplesNanos.stream().mapToDouble(v -> v / 1e6).sorted().toArray();
    ArrayNode box = Json.MAPPER.createArrayNode();
    for (double q : new double[] {0, 0.25, 0.5, 0.75, 1}) {
      box.add(quantile(sorted, q));
    }
    return box;
  }

  /** Linear interpolation between the closest ranks. */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 1) {
      return sorted[0];
    }
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
  }

  private static String template() {
    try (InputStream in = HtmlFormat.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the report template " + TEMPLATE + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** echarts.min.js from the WebJar on the classpath (its version from the WebJar's own pom). */
  private static String echarts() {
    ClassLoader loader = HtmlFormat.class.getClassLoader();
    String version;
    try (InputStream in = loader.getResourceAsStream(ECHARTS_POM)) {
      if (in == null) {
        throw new IllegalStateException(
            "The ECharts WebJar (org.webjars.npm:echarts) is not on the classpath; the HTML report "
                + "inlines its script. It is a dependency in the pom: run through Maven.");
      }
      Properties pom = new Properties();
      pom.load(in);
      version = pom.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String path = "META-INF/resources/webjars/echarts/" + version + "/dist/echarts.min.js";
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("The ECharts WebJar has no " + path);
      }
      // the script ends a script element only at "</script": the minified library has none, but
      // a later version's could, so that is made impossible here
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("</script", "<\\/script");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
