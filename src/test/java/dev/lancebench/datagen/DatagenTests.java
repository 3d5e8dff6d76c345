package dev.lancebench.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.catalog.DatasetRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.Dataset;

/** The datagen command: its options are the benchmarks' settings, read by the same rules. */
class DatagenTests {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return new Datagen(
            DatasetRegistry.standard(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(args);
  }

  @Test
  void helpListsEveryRegisteredDatasetWithItsSizeOption() {
    assertThat(run("--help")).isZero();
    String help = out.toString(StandardCharsets.UTF_8);
    assertThat(help)
        .contains(
            "[basic, tpch, tpch-2.1, count_rows, vectors-100k, vectors-1m, vectors-clustered, europarl, merge_insert_narrow, merge_insert_wide]")
        .contains("size of tpch, tpch-2.1 (bench.tpch.sf")
        .contains("--vectors-1m-rows")
        .contains("--europarl-rows")
        .contains("--count-rows-rows")
        .contains("--merge-insert-narrow-rows")
        .contains("--merge-insert-wide-rows")
        .contains("--basic-rows")
        .contains("--tpch-sf")
        .contains("bench.basic.rows")
        .contains("--scale");
  }

  @Test
  void aMalformedSizeIsRefusedBeforeAnythingIsWritten(@TempDir Path data) {
    assertThat(run("--data", data.toString(), "--tpch-sf", "abc", "tpch")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("bench.tpch.sf=abc");
    assertThat(data.resolve("tpch.lance")).doesNotExist();

    assertThat(run("--data", data.toString(), "--tpch-sf", "1e-7", "tpch")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("generates no rows");
    assertThat(data.resolve("tpch.lance")).doesNotExist();

    assertThat(run("--data", data.toString(), "nosuch")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown dataset 'nosuch'");
  }

  @Test
  void scaleSizesTheDatasetsAndTheirOwnOptionWins(@TempDir Path data) {
    assertThat(run("--data", data.toString(), "--scale", "0.0002", "basic")).isZero();
    // another size at the same place is an error naming both
    assertThat(run("--data", data.toString(), "--scale", "0.0003", "basic")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("has 2,000 rows, but this run expects 3,000");
    // the dataset's own size wins over the scale: the 2,000 rows are what it asks for
    assertThat(run("--data", data.toString(), "--scale", "0.5", "--basic-rows", "2000", "basic"))
        .isZero();
    try (BufferAllocator allocator = new RootAllocator();
        Dataset basic = Dataset.open(data.resolve("basic.lance").toString(), allocator)) {
      assertThat(basic.countRows()).isEqualTo(2_000);
    }
  }
}
