package dev.lancebench.datasets.countrows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lancebench.datasets.BatchSource;
import dev.lancebench.datasets.DatasetMismatchException;
import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.DatasetState;
import dev.lancebench.datasets.Progress;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.Dataset;
import org.lance.index.IndexType;

/** The count_rows dataset on small real data: schema, nulls, indexes and idempotence. */
class CountRowsDatasetTests {
  static final long ROWS = 1_234_567; // two batches, the second partial

  @TempDir Path dir;
  BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  DatasetState ensure(String uri) {
    try (Progress progress =
        new Progress(new PrintStream(OutputStream.nullOutputStream()), "count_rows", ROWS, false)) {
      return new CountRowsDataset(ROWS)
          .ensure(new DatasetPlace(uri, Map.of(), allocator), progress);
    }
  }

  @Test
  void fiveColumnsWithTheSameNullsEachWithItsIndexAndTheRunAfterLeavesItAlone() {
    String uri = dir.resolve("count_rows.lance").toString();
    assertThat(ensure(uri)).isEqualTo(DatasetState.MISSING);

    try (Dataset dataset = Dataset.open(uri, allocator)) {
      assertThat(dataset.countRows()).isEqualTo(ROWS);
      assertThat(dataset.getSchema().getFields())
          .extracting(Field::getName)
          .containsExactly(
              "value_none", "value_bitmap", "value_btree", "value_zonemap", "value_bloomfilter");
      assertThat(dataset.getSchema().getFields())
          .allSatisfy(f -> assertThat(f.getType()).isEqualTo(new ArrowType.Int(32, true)));
      for (CountRowsDataset.Column c : CountRowsDataset.Column.values()) {
        // nulls exactly where i % 100 == 0: 12,346 of 1,234,567
        assertThat(dataset.countRows(c.column() + " IS NULL")).as(c.column()).isEqualTo(12_346);
        // upstream's values: the row index, every one distinct
        assertThat(dataset.countRows(c.column() + " = 999")).as(c.column()).isEqualTo(1);
        assertThat(dataset.countRows(c.column() + " = 1234566")).as(c.column()).isEqualTo(1);
        assertThat(dataset.countRows(c.column() + " >= 1234567")).as(c.column()).isZero();
      }
      assertThat(dataset.getIndexes())
          .extracting(i -> i.indexType())
          .containsExactlyInAnyOrder(
              IndexType.BITMAP, IndexType.BTREE, IndexType.ZONEMAP, IndexType.BLOOM_FILTER);
      assertThat(CountRowsDataset.missingIndexes(dataset)).isEmpty();
    }
    assertThat(new CountRowsDataset(ROWS).nullRows()).isEqualTo(12_346);
    assertThat(ensure(uri)).isEqualTo(DatasetState.COMPLETE);
  }

  @Test
  void aCopyWithAnOlderSuitesValuesIsRefusedWithTheWayOut() throws Exception {
    long rows = 2_000;
    String uri = dir.resolve("count_rows.lance").toString();
    BatchSource.BatchFiller oldValues =
        (root, batch) -> {
          for (CountRowsDataset.Column c : CountRowsDataset.Column.values()) {
            IntVector vector = (IntVector) root.getVector(c.column());
            vector.allocateNew((int) rows);
            for (int i = 0; i < rows; i++) {
              if (i % 100 == 0) {
                vector.setNull(i);
              } else {
                vector.set(i, i % 1000);
              }
            }
            vector.setValueCount((int) rows);
          }
          root.setRowCount((int) rows);
        };
    try (ArrowReader reader =
            new BatchSource(
                allocator, new Schema(CountRowsDataset.fields()), 1, oldValues, n -> {});
        Dataset written = Dataset.write().allocator(allocator).reader(reader).uri(uri).execute()) {
      assertThat(written.countRows()).isEqualTo(rows);
    }

    assertThatThrownBy(
            () -> new CountRowsDataset(rows).inspect(new DatasetPlace(uri, Map.of(), allocator)))
        .isInstanceOf(DatasetMismatchException.class)
        .hasMessageContaining("written by an older lance-bench")
        .hasMessageContaining("Delete " + uri);
  }

  @Test
  void aGenerationKilledBeforeItsCommitIsGeneratedAgain() throws Exception {
    Path half = dir.resolve("count_rows.lance");
    Files.createDirectories(half.resolve("data"));
    Files.write(half.resolve("data").resolve("partial.lance"), new byte[1024]);

    assertThat(ensure(half.toString())).isEqualTo(DatasetState.MISSING);
    assertThat(ensure(half.toString())).isEqualTo(DatasetState.COMPLETE);
  }
}
