package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.settings.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run at a time in an output folder: a run that finds another live run's folder is refused,
 * naming it and -Dbench.out, and leaves that run's journal and reports as they were; a folder whose
 * last run is over is taken, and so are the same JVM's runs one after another.
 */
class OutputLockTests {
  @TempDir Path out;
  Process other;

  @BeforeEach
  void anotherProcess() throws Exception {
    // stands for the Maven process of another run, alive between its forks
    other = new ProcessBuilder("sleep", "120").start();
  }

  @AfterEach
  void stop() {
    other.destroyForcibly();
  }

  /** What a run of another live process leaves in the folder while it goes. */
  void anotherRunIsHere(ProcessHandle owner) throws Exception {
    Files.writeString(
        out.resolve(OutputLock.FILE),
        "{\"run_id\":\"20261201T091500.000\",\"owner_pid\":"
            + owner.pid()
            + ",\"owner_started\":\""
            + owner.info().startInstant().map(Instant::toString).orElse("")
            + "\",\"started\":\"2026-12-01T09:15:00Z\"}");
    Files.writeString(
        out.resolve("journal.jsonl"), "{\"type\":\"run\",\"run_id\":\"20261201T091500.000\"}\n");
    Files.writeString(out.resolve("bmf.json"), "{\"theirs\":{}}");
  }

  BenchRun run() {
    BenchFixtures.CountingTestCase.INVOCATIONS.set(0);
    return BenchRun.of(
        out, Map.of(Settings.PRIME.key(), "false"), BenchFixtures.CountingTestCase.class);
  }

  @Test
  void aLiveRunsFolderIsRefusedAndLeftAsItWas() throws Exception {
    anotherRunIsHere(other.toHandle());
    String journal = Files.readString(out.resolve("journal.jsonl"));

    BenchRun refused = run();

    refused.results.testEvents().assertStatistics(stats -> stats.failed(1).succeeded(0));
    assertThat(refused.results.testEvents().failed().stream().findFirst().orElseThrow().toString())
        .contains("is in use by another run (run 20261201T091500.000, process " + other.pid())
        .contains("-Dbench.out=DIR");
    assertThat(Files.readString(out.resolve("journal.jsonl"))).isEqualTo(journal);
    assertThat(Files.readString(out.resolve("bmf.json"))).isEqualTo("{\"theirs\":{}}");
  }

  @Test
  void aFolderWhoseRunIsOverIsTaken() throws Exception {
    other.destroyForcibly().waitFor();
    anotherRunIsHere(other.toHandle());
    BenchRun taken = run();
    taken.results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    assertThat(taken.bmf().has("CountingTestCase.counted")).isTrue();
  }

  @Test
  void runsOfOneJvmOneAfterAnotherShareTheFolder() throws Exception {
    run().results.testEvents().assertStatistics(stats -> stats.succeeded(1));
    run().results.testEvents().assertStatistics(stats -> stats.succeeded(1));
  }

  @Test
  void aRunEndedByAConfigurationErrorLeavesNoEarlierReportLookingCurrent() throws Exception {
    run().results.testEvents().assertStatistics(stats -> stats.succeeded(1));
    assertThat(out.resolve("bmf.json")).exists();

    BenchRun misconfigured =
        BenchRun.of(
            out,
            Map.of(Settings.PRIME.key(), "false", "bench.basic.rows", "abc"),
            BenchFixtures.CountingTestCase.class);

    misconfigured.results.testEvents().assertStatistics(stats -> stats.failed(1));
    assertThat(misconfigured.console).contains("the reports of an earlier run in");
    assertThat(out.resolve("bmf.json")).doesNotExist();
    assertThat(out.resolve("results.json")).doesNotExist();
    assertThat(out.resolve("report.html")).doesNotExist();
  }
}
