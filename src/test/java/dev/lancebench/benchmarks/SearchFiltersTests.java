package dev.lancebench.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lancebench.benchmarks.SearchBenchmarks.Filter;
import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.Progress;
import dev.lancebench.datasets.basic.BasicDataset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.Dataset;

/**
 * The search filters select at every size what upstream's select at 10M rows — checked by Lance
 * itself on real basic datasets smaller and larger than the anchor row — so no search can time an
 * empty index lookup and pass; a dataset too small for them is refused naming its setting.
 */
class SearchFiltersTests {
  @TempDir static Path dir;
  static BufferAllocator allocator;

  @BeforeAll
  static void open() {
    allocator = new RootAllocator();
  }

  @AfterAll
  static void close() {
    allocator.close();
  }

  static String basic(long rows) {
    String uri = dir.resolve("basic-" + rows + ".lance").toString();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    new BasicDataset(rows)
        .ensure(new DatasetPlace(uri, Map.of(), allocator), new Progress(quiet, "basic", rows));
    return uri;
  }

  @Test
  void everyFilterSelectsUpstreamsRowsAtEverySize() {
    for (long rows : new long[] {SearchBenchmarks.MIN_ROWS, 3_000, 100_000, 200_001}) {
      try (Dataset dataset = Dataset.open(basic(rows), allocator)) {
        for (Filter filter : Filter.values()) {
          for (String column :
              new String[] {BasicDataset.ROW_NUMBER, BasicDataset.ROW_NUMBER_BITMAP}) {
            String expression = filter.expression(column, rows);
            long selected =
                expression == null ? dataset.countRows() : dataset.countRows(expression);
            assertThat(selected)
                .as("%s at %,d rows: %s", filter, rows, expression)
                .isEqualTo(filter.expectedRows(rows))
                .isPositive();
          }
        }
      }
    }
    // at upstream's size the values are upstream's
    assertThat(Filter.equal.expression("row_number", 10_000_000)).isEqualTo("row_number = 100000");
    assertThat(Filter.small_range.expression("row_number", 10_000_000))
        .isEqualTo("row_number >= 100000 AND row_number <= 100007");
    assertThat(Filter.large_in.expression("row_number", 10_000_000))
        .startsWith("row_number IN (100000, 100001, ")
        .endsWith(", 100099)");
    assertThat(Filter.large_range.expression("row_number", 10_000_000))
        .isEqualTo("row_number >= 1000000 AND row_number < 8000000");
    assertThat(Filter.large_range.expectedRows(10_000_000)).isEqualTo(7_000_000);
  }

  @Test
  void aDatasetTooSmallForTheFiltersIsRefusedNamingItsSetting() {
    assertThatThrownBy(() -> Filter.equal.expression("row_number", SearchBenchmarks.MIN_ROWS - 1))
        .hasMessageContaining("at least " + SearchBenchmarks.MIN_ROWS + " rows of basic")
        .hasMessageContaining(BasicDataset.ROWS_SETTING.key())
        .hasMessageContaining("bench.scale");
  }
}
