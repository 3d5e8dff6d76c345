package dev.lancebench.datasets.basic;

import dev.lancebench.datasets.BatchSource;
import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.DatasetState;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.datasets.LanceDatasets.WriteOptions;
import dev.lancebench.datasets.Progress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.lance.Dataset;
import org.lance.index.IndexType;
import org.lance.schema.SqlExpressions;

/**
 * Writes the {@code basic} dataset, streaming one batch at a time. Idempotent: a complete dataset
 * is left alone, an empty one with the same schema is appended to, one whose rows are all there but
 * whose index is missing gets the index, anything else is an error naming the URI.
 */
final class BasicGenerator {
  private final BasicDataset spec;

  BasicGenerator(BasicDataset spec) {
    this.spec = spec;
  }

  /** Brings the dataset from {@code state} (MISSING, EMPTY or INDEX_MISSING) to complete. */
  void generate(DatasetState state, DatasetPlace at, Progress progress) {
    switch (state) {
      case MISSING:
      case EMPTY:
        progress.step(
            String.format(
                Locale.ROOT,
                "writing %,d rows in %d batches to %s",
                spec.rows(),
                spec.batches(),
                at.uri()));
        write(at, progress, state == DatasetState.MISSING);
        buildIndex(at, progress);
        break;
      case COLUMN_MISSING:
        addBitmapColumn(at, progress);
        buildIndex(at, progress);
        break;
      case INDEX_MISSING:
        buildIndex(at, progress);
        break;
      default:
        break;
    }
  }

  private void write(DatasetPlace at, Progress progress, boolean create) {
    at.write(
        new BatchSource(
            at.allocator(), BasicDataset.schema(), spec.batches(), this::fill, progress::advance),
        WriteOptions.createOrAppend(create, "the basic dataset"));
  }

  /**
   * A copy written before {@code row_number_bitmap} existed: the column is added from {@code
   * row_number} (Lance writes one new data file per fragment; the others stay), or, in an empty
   * copy, added to the schema before the rows are appended.
   */
  private void addBitmapColumn(DatasetPlace at, Progress progress) {
    boolean empty;
    try (Dataset dataset = at.open()) {
      empty = dataset.countRows() == 0;
      progress.step(
          "upgrading the basic dataset at "
              + at.uri()
              + ": it was written before the "
              + BasicDataset.ROW_NUMBER_BITMAP
              + " column (the bitmap searches') existed; adding it from "
              + BasicDataset.ROW_NUMBER
              + ", then its BITMAP index");
      if (empty) {
        dataset.addColumns(
            List.of(BasicDataset.schema().findField(BasicDataset.ROW_NUMBER_BITMAP)));
      } else {
        dataset.addColumns(
            new SqlExpressions.Builder()
                .withExpression(BasicDataset.ROW_NUMBER_BITMAP, BasicDataset.ROW_NUMBER)
                .build(),
            Optional.empty());
      }
    }
    if (empty) {
      write(at, progress, false);
    }
  }

  private void buildIndex(DatasetPlace at, Progress progress) {
    try (Dataset dataset = at.open()) {
      if (!LanceDatasets.hasIndex(dataset, BasicDataset.ROW_NUMBER, IndexType.BTREE)) {
        progress.step("building BTREE index on " + BasicDataset.ROW_NUMBER);
        LanceDatasets.createScalarIndex(dataset, BasicDataset.ROW_NUMBER, IndexType.BTREE, "btree");
      }
      if (!LanceDatasets.hasIndex(dataset, BasicDataset.ROW_NUMBER_BITMAP, IndexType.BITMAP)) {
        progress.step("building BITMAP index on " + BasicDataset.ROW_NUMBER_BITMAP);
        LanceDatasets.createScalarIndex(
            dataset, BasicDataset.ROW_NUMBER_BITMAP, IndexType.BITMAP, "bitmap");
      }
    }
    progress.step(String.format(Locale.ROOT, "%,d rows ready at %s", spec.rows(), at.uri()));
  }

  void fill(VectorSchemaRoot root, long batch) {
    int n = spec.rowsInBatch(batch);
    long first = batch * BasicDataset.ROWS_PER_BATCH;
    UInt8Vector rowNumber = (UInt8Vector) root.getVector(BasicDataset.ROW_NUMBER);
    BigIntVector integers = (BigIntVector) root.getVector(BasicDataset.INTEGERS);
    VarCharVector strings = (VarCharVector) root.getVector(BasicDataset.SMALL_STRINGS);
    UInt8Vector bitmapRowNumber = (UInt8Vector) root.getVector(BasicDataset.ROW_NUMBER_BITMAP);
    rowNumber.allocateNew(n);
    bitmapRowNumber.allocateNew(n);
    integers.allocateNew(n);
    strings.allocateNew((long) n * 14, n);
    for (int i = 0; i < n; i++) {
      rowNumber.set(i, first + i);
      integers.set(i, first + i);
      bitmapRowNumber.set(i, first + i);
      strings.setSafe(i, ("payload_" + i).getBytes(StandardCharsets.UTF_8));
    }
    root.setRowCount(n);
  }
}
