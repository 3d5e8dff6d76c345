package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.datasets.basic.BasicDataset;
import dev.lancebench.settings.Settings;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * A dataset location that cannot be reached costs the run once, not once per benchmark: real Lance
 * against an object store endpoint on loopback where nothing listens.
 */
class UnreachableLocationTests {
  @TempDir Path dir;
  @TempDir Path out;

  /** Storage options of an object store endpoint on loopback where nothing listens (port 1). */
  Path nowhere() throws IOException {
    Properties options = new Properties();
    options.setProperty("aws_endpoint", "http://127.0.0.1:1");
    options.setProperty("allow_http", "true");
    options.setProperty("aws_access_key_id", "lance-bench");
    options.setProperty("aws_secret_access_key", "lance-bench");
    options.setProperty("aws_region", "us-east-1");
    Path storage = dir.resolve("storage.properties");
    try (Writer writer = Files.newBufferedWriter(storage)) {
      options.store(writer, "an endpoint nobody listens on");
    }
    return storage;
  }

  @Test
  void theFirstBenchmarkFindsOutAndTheOthersFailAtOnceWithTheRealCause() throws Exception {
    Path storage = nowhere();
    BenchRun run =
        BenchRun.of(
            out,
            Map.of(
                Settings.DATA.key(), "s3://lance-bench-nowhere/data",
                BasicDataset.ROWS_SETTING.key(), "1000",
                Settings.STORAGE_FILE.key(), storage.toString()),
            BenchFixtures.CacheTestCase.class);

    List<Event> failed = new ArrayList<>(run.results.testEvents().failed().list());
    assertThat(failed).hasSize(4); // both cache states of the fixture's scan and open
    for (Event event : failed) {
      String message =
          event
              .getPayload(TestExecutionResult.class)
              .orElseThrow()
              .getThrowable()
              .orElseThrow()
              .getMessage();
      // the real cause first, then what it means and what to do
      assertThat(message)
          .startsWith("java.io.IOException: LanceError(IO)")
          .contains("error sending request")
          .contains("the dataset location s3://lance-bench-nowhere/data cannot be reached")
          .contains("fails without trying again");
    }
    // the second benchmark did not try again: it took a moment, the first the retries' time
    List<Duration> durations = new ArrayList<>();
    for (Event finished : failed) {
      Event started =
          run.results.testEvents().list().stream()
              .filter(e -> e.getType() == EventType.STARTED)
              .filter(
                  e ->
                      e.getTestDescriptor()
                          .getUniqueId()
                          .equals(finished.getTestDescriptor().getUniqueId()))
              .findFirst()
              .orElseThrow();
      durations.add(Duration.between(started.getTimestamp(), finished.getTimestamp()));
    }
    assertThat(durations.get(1)).isLessThan(Duration.ofMillis(500));
    assertThat(durations.get(0)).isGreaterThan(durations.get(1).multipliedBy(5));
  }

  @Test
  void theNextJvmOfTheRunDoesNotTryAgain() throws Exception {
    Path storage = nowhere();
    Map<String, String> config =
        Map.of(
            Settings.DATA.key(), "s3://lance-bench-nowhere/data",
            BasicDataset.ROWS_SETTING.key(), "1000",
            Settings.STORAGE_FILE.key(), storage.toString(),
            Settings.RUN_ID.key(), "one-run-of-two-jvms");
    BenchRun first = BenchRun.of(out, config, BenchFixtures.CacheTestCase.class);
    assertThat(first.results.testEvents().failed().count()).isPositive();

    // the run's next JVM (one per benchmark class under Maven) knows from the journal
    BenchRun next = BenchRun.of(out, config, BenchFixtures.CacheTestCase.class);
    List<Event> failed = new ArrayList<>(next.results.testEvents().failed().list());
    assertThat(failed).isNotEmpty();
    for (Event event : failed) {
      assertThat(
              event
                  .getPayload(TestExecutionResult.class)
                  .orElseThrow()
                  .getThrowable()
                  .orElseThrow()
                  .getMessage())
          .contains("cannot be reached")
          .contains("found by an earlier JVM of this run");
    }
  }
}
