package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.datasets.basic.BasicDataset;
import dev.lancebench.settings.Settings;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;

/** What a user gets wrong, answered by a message naming the thing and the fix. */
class MisuseTests {
  @TempDir Path data;
  @TempDir Path out;

  @Test
  void aJvmWithoutArrowsAddOpensIsToldWhichFlagToAdd() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp",
                System.getProperty("java.class.path"),
                PreloadedBench.class.getName(),
                data.toString(),
                out.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).isNotZero();
    assertThat(output)
        .contains("Arrow needs the JVM option --add-opens=java.base/java.nio=ALL-UNNAMED")
        .doesNotContain("Could not initialize class");
  }

  @Test
  void aDatasetThatCannotBeOpenedIsNamedWithTheWayOut() throws Exception {
    Map<String, String> config =
        Map.of(Settings.DATA.key(), data.toString(), BasicDataset.ROWS_SETTING.key(), "1000");
    BenchRun.of(out, config, BenchFixtures.LanceScanTestCase.class)
        .results
        .testEvents()
        .assertStatistics(s -> s.succeeded(2));
    // a truncated manifest, as a full disk or a copy cut short leaves it
    Path dataset = data.resolve("basic.lance");
    List<Path> manifests;
    try (Stream<Path> files = Files.list(dataset.resolve("_versions"))) {
      manifests = files.toList();
    }
    for (Path manifest : manifests) {
      try (FileChannel channel = FileChannel.open(manifest, StandardOpenOption.WRITE)) {
        channel.truncate(10);
      }
    }

    BenchRun run = BenchRun.of(out.resolve("again"), config, BenchFixtures.LanceScanTestCase.class);
    String message =
        run.results
            .testEvents()
            .failed()
            .list()
            .get(0)
            .getPayload(TestExecutionResult.class)
            .orElseThrow()
            .getThrowable()
            .orElseThrow()
            .getMessage();
    assertThat(message)
        .contains("the dataset at " + dataset + " cannot be opened")
        .contains("delete it and run the benchmark (or datagen/gen_all) to generate it again");
  }
}
