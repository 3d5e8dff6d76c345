package dev.lancebench.reporting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lancebench.measuring.BenchResult;
import dev.lancebench.measuring.Measure;
import dev.lancebench.measuring.MeasureSummary;
import dev.lancebench.measuring.TimingStatistics;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Comparator;
import java.util.Map;

/**
 * Bencher Metric Format: {@code {name: {measure: {value, lower_value?, upper_value?}}}}.
 *
 * <ul>
 *   <li>{@code latency}: value = median nanoseconds per invocation; lower_value = fastest,
 *       upper_value = slowest invocation (present when more than one invocation was measured).
 *   <li>every other measure: value = mean per invocation over the measured rounds (for {@code
 *       peak_memory_bytes}, a high-water mark: the largest invocation); lower_value and upper_value
 *       = the smallest and largest round (present with more than one round).
 *   <li>numbers a benchmark derived itself ({@code bench.extra}, e.g. {@code
 *       tracker_overhead_ratio}): value only.
 * </ul>
 *
 * Failed benchmarks are left out: their numbers are not to be trusted. A profiled run writes no
 * results (an empty object) unless {@code bench.profile.bmf} asks for them; a run slowed down on
 * purpose ({@code bench.inject.slowdown}) writes none. Measures that were not measured are absent,
 * never 0.
 */
public final class BmfFormat implements ResultFormat {

  @Override
  public void write(RunReport report, OutputStream out) throws IOException {
    ObjectNode root = Json.MAPPER.createObjectNode();
    if (report.metadata().profiled().isPresent() && !report.metadata().profiledInBmf()) {
      // a profiled run's timings carry the profiler's cost: never in Bencher's history unasked
      Json.write(root, out);
      return;
    }
    if (report.metadata().injectedSlowdown() > 0) {
      // slowed down on purpose to calibrate a comparison: never a number for Bencher
      Json.write(root, out);
      return;
    }
    report.results().stream()
        .filter(BenchResult::passed)
        .sorted(Comparator.comparing(BenchResult::name))
        .forEach(result -> root.set(result.name(), benchmark(result)));
    Json.write(root, out);
  }

  private static ObjectNode benchmark(BenchResult result) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    TimingStatistics latency = result.latency();
    if (latency != null) {
      ObjectNode m = node.putObject(Measure.LATENCY.key());
      m.set("value", Json.number(latency.median()));
      if (latency.n() > 1) {
        m.set("lower_value", Json.number(latency.min()));
        m.set("upper_value", Json.number(latency.max()));
      }
    }
    for (Map.Entry<Measure, MeasureSummary> entry : result.measures().entrySet()) {
      MeasureSummary summary = entry.getValue();
      ObjectNode m = node.putObject(entry.getKey().key());
      m.set("value", Json.number(entry.getKey().headline(summary)));
      if (summary.rounds() > 1) {
        m.set("lower_value", Json.number(summary.min()));
        m.set("upper_value", Json.number(summary.max()));
      }
    }
    result.extras().forEach((key, value) -> node.putObject(key).set("value", Json.number(value)));
    return node;
  }
}
