package dev.lancebench.datasets.basic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lancebench.datasets.BatchSource;
import dev.lancebench.datasets.DatasetMismatchException;
import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.DatasetState;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.datasets.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.Dataset;
import org.lance.WriteParams;
import org.lance.index.IndexType;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;

/** The basic generator on small real datasets: contents, index, and the idempotence rules. */
class BasicGeneratorTests {
  /** Two batches, the second one partial: 100,000 + 20,000 rows. */
  static final long ROWS = 120_000;

  @TempDir Path dir;
  BufferAllocator allocator;
  ByteArrayOutputStream progressText = new ByteArrayOutputStream();

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  DatasetState ensure(String uri, long rows) {
    BasicDataset spec = new BasicDataset(rows);
    PrintStream out = new PrintStream(progressText, true, StandardCharsets.UTF_8);
    return spec.ensure(
        new DatasetPlace(uri, Map.of(), allocator), new Progress(out, "basic", rows));
  }

  @Test
  void writesTheRowsTheSchemaTheValuesAndTheIndex() throws Exception {
    String uri = dir.resolve("basic.lance").toString();

    assertThat(ensure(uri, ROWS)).isEqualTo(DatasetState.MISSING);

    try (Dataset dataset = Dataset.open(uri, allocator)) {
      assertThat(dataset.countRows()).isEqualTo(ROWS);
      assertThat(dataset.getSchema().getFields())
          .extracting(Field::getName, Field::getType)
          .containsExactly(
              Tuple.tuple("row_number", new ArrowType.Int(64, false)),
              Tuple.tuple("integers", new ArrowType.Int(64, true)),
              Tuple.tuple("small_strings", ArrowType.Utf8.INSTANCE),
              Tuple.tuple("row_number_bitmap", new ArrowType.Int(64, false)));
      assertThat(dataset.getIndexes())
          .anySatisfy(
              index -> {
                assertThat(index.indexType()).isEqualTo(IndexType.BTREE);
                assertThat(index.fields()).containsExactly(0);
              })
          .anySatisfy(
              index -> {
                assertThat(index.indexType()).isEqualTo(IndexType.BITMAP);
                assertThat(index.fields()).containsExactly(3);
              });
      // row 100,005 is the 6th row of the second batch
      ScanOptions options = new ScanOptions.Builder().filter("row_number = 100005").build();
      try (LanceScanner scanner = dataset.newScan(options);
          ArrowReader reader = scanner.scanBatches()) {
        assertThat(reader.loadNextBatch()).isTrue();
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        assertThat(root.getRowCount()).isEqualTo(1);
        assertThat(((UInt8Vector) root.getVector("row_number")).get(0)).isEqualTo(100_005L);
        assertThat(((BigIntVector) root.getVector("integers")).get(0)).isEqualTo(100_005L);
        assertThat(((UInt8Vector) root.getVector("row_number_bitmap")).get(0)).isEqualTo(100_005L);
        assertThat(((VarCharVector) root.getVector("small_strings")).getObject(0).toString())
            .isEqualTo("payload_5");
      }
    }
    assertThat(progressText.toString(StandardCharsets.UTF_8))
        .contains("basic 100%")
        .contains("120000/120000 rows")
        .contains("building BTREE index on row_number")
        .contains("building BITMAP index on row_number_bitmap");
    // the bar's last update and its close both render it full: a log shows it once
    assertThat(progressText.toString(StandardCharsets.UTF_8).split("basic 100%", -1)).hasSize(2);
  }

  /** What earlier versions of this suite wrote: three columns, a BTREE on row_number. */
  void writeWithoutBitmapColumn(String uri, long rows) {
    BasicDataset spec = new BasicDataset(rows);
    Schema old = new Schema(BasicDataset.fieldsWithoutBitmapColumn());
    try (Dataset written =
        Dataset.write()
            .allocator(allocator)
            .reader(
                new BatchSource(
                    allocator,
                    old,
                    spec.batches(),
                    (root, batch) -> {
                      int n = spec.rowsInBatch(batch);
                      long first = batch * BasicDataset.ROWS_PER_BATCH;
                      root.allocateNew();
                      for (int i = 0; i < n; i++) {
                        ((UInt8Vector) root.getVector("row_number")).setSafe(i, first + i);
                        ((BigIntVector) root.getVector("integers")).setSafe(i, first + i);
                        ((VarCharVector) root.getVector("small_strings"))
                            .setSafe(i, ("payload_" + i).getBytes(StandardCharsets.UTF_8));
                      }
                      root.setRowCount(n);
                    },
                    n -> {}))
            .uri(uri)
            .execute()) {
      LanceDatasets.createScalarIndex(written, "row_number", IndexType.BTREE, "btree");
    }
  }

  @Test
  void aCopyWrittenBeforeTheBitmapColumnIsUpgradedInPlaceWithAMessage() throws Exception {
    String uri = dir.resolve("basic.lance").toString();
    writeWithoutBitmapColumn(uri, ROWS);

    assertThat(ensure(uri, ROWS)).isEqualTo(DatasetState.COLUMN_MISSING);

    assertThat(progressText.toString(StandardCharsets.UTF_8))
        .contains("upgrading the basic dataset at " + uri)
        .contains("adding it from row_number, then its BITMAP index");
    try (Dataset dataset = Dataset.open(uri, allocator)) {
      assertThat(dataset.countRows()).isEqualTo(ROWS);
      assertThat(dataset.countRows("row_number_bitmap = row_number")).isEqualTo(ROWS);
      assertThat(LanceDatasets.hasIndex(dataset, "row_number_bitmap", IndexType.BITMAP)).isTrue();
    }
    assertThat(ensure(uri, ROWS)).isEqualTo(DatasetState.COMPLETE);
  }

  @Test
  void anEmptyCopyWithoutTheBitmapColumnGetsTheColumnAndTheRows() {
    String uri = dir.resolve("basic.lance").toString();
    Dataset.create(
            allocator,
            uri,
            new Schema(BasicDataset.fieldsWithoutBitmapColumn()),
            new WriteParams.Builder().build())
        .close();

    assertThat(ensure(uri, 1_000)).isEqualTo(DatasetState.COLUMN_MISSING);

    try (Dataset dataset = Dataset.open(uri, allocator)) {
      assertThat(dataset.countRows("row_number_bitmap = row_number")).isEqualTo(1_000);
    }
    assertThat(ensure(uri, 1_000)).isEqualTo(DatasetState.COMPLETE);
  }

  @Test
  void aCompleteDatasetIsLeftAlone() {
    String uri = dir.resolve("basic.lance").toString();
    ensure(uri, 1_000);
    long version;
    try (Dataset dataset = Dataset.open(uri, allocator)) {
      version = dataset.version();
    }

    assertThat(ensure(uri, 1_000)).isEqualTo(DatasetState.COMPLETE);

    try (Dataset dataset = Dataset.open(uri, allocator)) {
      assertThat(dataset.version()).isEqualTo(version);
      assertThat(dataset.countRows()).isEqualTo(1_000);
    }
  }

  @Test
  void anEmptyDatasetWithTheSameSchemaIsAppendedTo() {
    String uri = dir.resolve("basic.lance").toString();
    WriteParams params = new WriteParams.Builder().build();
    Dataset.create(allocator, uri, BasicDataset.schema(), params).close();

    assertThat(ensure(uri, 1_000)).isEqualTo(DatasetState.EMPTY);

    try (Dataset dataset = Dataset.open(uri, allocator)) {
      assertThat(dataset.countRows()).isEqualTo(1_000);
    }
    assertThat(ensure(uri, 1_000)).isEqualTo(DatasetState.COMPLETE);
  }

  @Test
  void rowsWithoutTheIndexGetTheIndex() {
    String uri = dir.resolve("basic.lance").toString();
    ensure(uri, 1_000);
    try (Dataset dataset = Dataset.open(uri, allocator)) {
      dataset.dropIndex(dataset.getIndexes().get(0).name());
    }

    assertThat(ensure(uri, 1_000)).isEqualTo(DatasetState.INDEX_MISSING);
    assertThat(ensure(uri, 1_000)).isEqualTo(DatasetState.COMPLETE);
  }

  @Test
  void aFolderWithoutACommittedManifestIsMissingNotComplete() throws Exception {
    // what a write killed before its commit leaves: a folder, maybe data files, no manifest
    Path half = dir.resolve("basic.lance");
    Files.createDirectories(half.resolve("data"));
    Files.write(half.resolve("data").resolve("partial.lance"), new byte[4096]);

    assertThat(ensure(half.toString(), 1_000)).isEqualTo(DatasetState.MISSING);
    // nothing is deleted without a word, on the generation's console: what, how much, and why
    assertThat(progressText.toString(StandardCharsets.UTF_8))
        .contains("basic: removing 1 files (0.0 MB) at " + half)
        .contains("a generation that never committed left them");
    assertThat(ensure(half.toString(), 1_000)).isEqualTo(DatasetState.COMPLETE);
  }

  @Test
  void aFileNoGenerationWritesIsNeverDeletedAsALeftover() throws Exception {
    Path half = dir.resolve("basic.lance");
    Files.createDirectories(half.resolve("data"));
    Files.write(half.resolve("data").resolve("partial.lance"), new byte[16]);
    Files.writeString(half.resolve("data").resolve("notes.txt"), "mine");

    assertThatThrownBy(() -> ensure(half.toString(), 1_000))
        .isInstanceOf(DatasetMismatchException.class)
        .hasMessageContaining("holds files no generation writes [data/notes.txt]");
    assertThat(half.resolve("data").resolve("notes.txt")).exists();
    assertThat(half.resolve("data").resolve("partial.lance")).exists();
  }

  @Test
  void anotherSchemaIsAnErrorNamingTheUri() {
    String uri = dir.resolve("basic.lance").toString();
    Schema other =
        new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(32, true)), null)));
    Dataset.create(allocator, uri, other, new WriteParams.Builder().build()).close();

    assertThatThrownBy(() -> ensure(uri, 1_000))
        .isInstanceOf(DatasetMismatchException.class)
        .hasMessageContaining(uri)
        .hasMessageContaining("is not the 'basic' dataset")
        .hasMessageContaining("bench.data");
  }

  @Test
  void anotherRowCountIsAnErrorNamingTheUriAndTheSetting() {
    String uri = dir.resolve("basic.lance").toString();
    ensure(uri, 1_000);

    assertThatThrownBy(() -> ensure(uri, 2_000))
        .isInstanceOf(DatasetMismatchException.class)
        .hasMessageContaining(uri)
        .hasMessageContaining("has 1,000 rows, but this run expects 2,000")
        .hasMessageContaining("bench.basic.rows=1000");
  }

  @Test
  void batchesScaleWithTheRows() {
    assertThat(new BasicDataset(10_000_000).batches()).isEqualTo(100);
    assertThat(new BasicDataset(300_000).batches()).isEqualTo(3);
    assertThat(new BasicDataset(1_000).batches()).isEqualTo(1);
    assertThat(new BasicDataset(120_000).rowsInBatch(1)).isEqualTo(20_000);
    assertThat(Optional.of(new BasicDataset(250_000).rowsInBatch(2))).contains(50_000);
  }
}
