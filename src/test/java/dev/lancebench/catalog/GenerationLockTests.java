package dev.lancebench.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.datagen.Datagen;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.Dataset;

/** Two JVMs that need the same missing dataset at once: one generates it, the other waits. */
class GenerationLockTests {
  static final long ROWS = 3_000_000;

  @TempDir Path data;
  @TempDir Path logs;

  Process datagen(String label) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
            "-cp",
            System.getProperty("java.class.path"),
            Datagen.class.getName(),
            "--data",
            data.toString(),
            "--basic-rows",
            Long.toString(ROWS),
            "basic")
        .redirectErrorStream(true)
        .redirectOutput(logs.resolve(label + ".log").toFile())
        .start();
  }

  String log(String label) throws IOException {
    return Files.readString(logs.resolve(label + ".log"), StandardCharsets.UTF_8);
  }

  @Test
  void theSecondRunWaitsForTheFirstAndUsesWhatItMade() throws Exception {
    Process first = datagen("first");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!log("first").contains("writing")) {
      assertThat(first.isAlive()).as("the first is generating: %s", log("first")).isTrue();
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(20);
    }
    Process second = datagen("second");
    assertThat(first.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(second.waitFor(3, TimeUnit.MINUTES)).isTrue();

    assertThat(first.exitValue()).as(log("first")).isZero();
    assertThat(second.exitValue()).as(log("second")).isZero();
    assertThat(log("second"))
        .contains("basic: waiting for another run that is generating")
        .contains("the other run is done")
        .doesNotContain("writing")
        .doesNotContain("removing");
    try (BufferAllocator allocator = new RootAllocator();
        Dataset basic = Dataset.open(data.resolve("basic.lance").toString(), allocator)) {
      assertThat(basic.countRows()).isEqualTo(ROWS);
    }
    // one generation's commits only: the write and the two indexes
    try (Stream<Path> versions = Files.list(data.resolve("basic.lance/_versions"))) {
      List<Path> manifests = versions.filter(p -> p.toString().endsWith(".manifest")).toList();
      assertThat(manifests).hasSize(3); // the rows, the BTREE index, the BITMAP index
    }
  }
}
