package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lancebench.settings.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed too hard to write its reports (kill -9 of the whole Maven group) leaves only its
 * journal: the next run in the folder keeps it and says so, and compare/report builds its reports.
 */
class UnfinishedRunTests {
  @TempDir Path out;

  static final Map<String, String> CONFIG = Map.of(Settings.PRIME.key(), "false");

  @Test
  void theNextRunKeepsAnUnfinishedJournalAndCompareReportBuildsItsReports() throws Exception {
    BenchFixtures.CountingTestCase.INVOCATIONS.set(0);
    BenchRun.of(out, CONFIG, BenchFixtures.CountingTestCase.class);
    // what a kill -9 after the last result leaves: the journal, and no report written from it
    Files.delete(out.resolve("bmf.json"));

    BenchRun next = BenchRun.of(out, CONFIG, BenchFixtures.ParameterizedTestCase.class);

    List<Path> kept;
    try (Stream<Path> files = Files.list(out)) {
      kept = files.filter(p -> p.getFileName().toString().startsWith("unfinished-")).toList();
    }
    assertThat(kept).hasSize(1);
    assertThat(next.console)
        .contains("did not write its reports from all it measured")
        .contains("compare/report " + kept.get(0).toAbsolutePath());

    ByteArrayOutputStream said = new ByteArrayOutputStream();
    PrintStream console = new PrintStream(said, true, StandardCharsets.UTF_8);
    int status = ReportFromJournal.run(new String[] {kept.get(0).toString()}, console, console);
    assertThat(status).as(said.toString(StandardCharsets.UTF_8)).isZero();
    String name = kept.get(0).getFileName().toString().replace(".jsonl", "-reports");
    JsonNode results =
        new ObjectMapper().readTree(out.resolve(name).resolve("results.json").toFile());
    assertThat(results.at("/benchmarks/0/name").asText()).isEqualTo("CountingTestCase.counted");
    assertThat(out.resolve(name).resolve("bmf.json")).exists();
    assertThat(out.resolve(name).resolve("report.html")).exists();
  }

  @Test
  void aRunThatWroteItsReportsLeavesNoJournalBehind() throws Exception {
    BenchFixtures.CountingTestCase.INVOCATIONS.set(0);
    BenchRun.of(out, CONFIG, BenchFixtures.CountingTestCase.class);
    BenchRun.of(out, CONFIG, BenchFixtures.ParameterizedTestCase.class);
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith("unfinished-"));
    }
  }
}
