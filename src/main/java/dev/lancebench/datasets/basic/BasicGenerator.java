package dev.lancebench.datasets.basic;


import dev.lancebench.datasets.BatchSource;
import dev.lancebench.datasets.Progress;
import dev.lancebench.datasets.DatasetState;
import dev.lancebench.datasets.LanceDatasets;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.lance.Dataset;
import org.lance.index.IndexType;

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
  void generate(
      DatasetState state,
      String uri,
      Map<String, String> storage,
      BufferAllocator allocator,
      Progress progress) {
    switch (state) {
      case MISSING:
      case EMPTY:
        progress.step(
            String.format(
                java.util.Locale.ROOT,
                "writing %,d rows in %d batches to %s",
                spec.rows(),
                spec.batches(),
                uri));
        write(uri, storage, allocator, progress, state == DatasetState.MISSING);
        buildIndex(uri, storage, allocator, progress);
        break;
      case INDEX_MISSING:
        buildIndex(uri, storage, allocator, progress);
        break;
      default:
        break;
    }
  }

  private void write(
      String uri,
      Map<String, String> storage,
      BufferAllocator allocator,
      Progress progress,
      boolean create) {
    LanceDatasets.write(
        uri,
        storage,
        allocator,
        new BatchSource(
            allocator, BasicDataset.schema(), spec.batches(), this::fill, progress::advance),
        create,
        "the basic dataset");
  }

  private void buildIndex(
      String uri, Map<String, String> storage, BufferAllocator allocator, Progress progress) {
    progress.step("building BTREE index on " + BasicDataset.ROW_NUMBER);
    try (Dataset dataset = LanceDatasets.open(uri, storage, allocator)) {
      LanceDatasets.createScalarIndex(dataset, BasicDataset.ROW_NUMBER, IndexType.BTREE, "btree");
    }
    progress.step(String.format(java.util.Locale.ROOT, "%,d rows ready at %s", spec.rows(), uri));
  }

  void fill(VectorSchemaRoot root, long batch) {
    int n = spec.rowsInBatch(batch);
    long first = batch * BasicDataset.ROWS_PER_BATCH;
    UInt8Vector rowNumber = (UInt8Vector) root.getVector(BasicDataset.ROW_NUMBER);
    BigIntVector integers = (BigIntVector) root.getVector(BasicDataset.INTEGERS);
    VarCharVector strings = (VarCharVector) root.getVector(BasicDataset.SMALL_STRINGS);
    rowNumber.allocateNew(n);
    integers.allocateNew(n);
    strings.allocateNew((long) n * 14, n);
    for (int i = 0; i < n; i++) {
      rowNumber.set(i, first + i);
      integers.set(i, first + i);
      strings.setSafe(i, ("payload_" + i).getBytes(StandardCharsets.UTF_8));
    }
    root.setRowCount(n);
  }
}
