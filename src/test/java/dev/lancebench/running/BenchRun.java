package dev.lancebench.running;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.cause;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lancebench.settings.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs fixture classes through the Jupiter engine, with its own output folder and console. */
final class BenchRun {
  final EngineExecutionResults results;
  final String console;
  final Path out;

  private BenchRun(EngineExecutionResults results, String console, Path out) {
    this.results = results;
    this.console = console;
    this.out = out;
  }

  static BenchRun of(Path out, Map<String, String> config, Class<?>... fixtures) {
    DiscoverySelector[] selectors = new DiscoverySelector[fixtures.length];
    for (int i = 0; i < fixtures.length; i++) {
      selectors[i] = selectClass(fixtures[i]);
    }
    return of(out, config, selectors);
  }

  static BenchRun of(Path out, Map<String, String> config, DiscoverySelector... selectors) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put(Settings.OUTPUT_DIR.key(), out.toString());
    parameters.putAll(config);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    EngineExecutionResults results;
    try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      EngineTestKit.Builder builder =
          EngineTestKit.engine("junit-jupiter").configurationParameters(parameters);
      builder.selectors(selectors);
      results = builder.execute();
    } finally {
      System.setOut(original);
    }
    String console = captured.toString(StandardCharsets.UTF_8);
    original.print(console);
    return new BenchRun(results, console, out);
  }

  /**
   * The run itself failed at its end (after its benchmarks), once, with a message {@code message}
   * accepts: a report that could not be written, a gate, an unusable baseline.
   */
  void failsAtItsEndWith(Predicate<String> message) {
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(1, event(finishedWithFailure(cause(message(message)))));
  }

  JsonNode bmf() throws IOException {
    return new ObjectMapper().readTree(out.resolve("bmf.json").toFile());
  }

  JsonNode resultsJson() throws IOException {
    return new ObjectMapper().readTree(out.resolve("results.json").toFile());
  }

  JsonNode benchmark(String name) throws IOException {
    for (JsonNode node : resultsJson().get("benchmarks")) {
      if (node.get("name").asText().equals(name)) {
        return node;
      }
    }
    throw new AssertionError("no benchmark named " + name + " in results.json");
  }
}
