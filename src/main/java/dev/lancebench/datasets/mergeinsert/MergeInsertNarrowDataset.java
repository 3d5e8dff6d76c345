package dev.lancebench.datasets.mergeinsert;

import dev.lancebench.datasets.BatchSource;
import dev.lancebench.datasets.DatasetDefinition;
import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.DatasetState;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.datasets.LanceDatasets.WriteOptions;
import dev.lancebench.datasets.Progress;
import dev.lancebench.settings.Setting;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntToLongFunction;
import java.util.stream.Collectors;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;
import org.lance.WriteParams;
import org.lance.index.IndexType;

/**
 * {@code merge_insert_narrow}, the target of upstream's merge_insert benchmarks: 10M rows by
 * default in fragments of 1M; the keys {@code id_int} (the row number), {@code id_uuid7} (32 hex
 * characters in row order), {@code id_uuid4} (32 hex characters, scattered), {@code id_no_index}
 * (the row number again, never indexed), {@code composite_a} + {@code composite_b} (thousand and
 * remainder), and the payload {@code value}; a BTREE on every key but {@code id_no_index}, as
 * upstream has. Every value is a function of the row ({@link Keys}).
 *
 * <p>The target shapes are tagged versions of the same dataset ({@link Shape}), made once here from
 * {@code base}: a benchmark restores the one it merges into before every invocation.
 */
public final class MergeInsertNarrowDataset extends TaggedTargetDataset {
  public static final String NAME = "merge_insert_narrow";
  public static final long DEFAULT_ROWS = 10_000_000L;
  public static final Setting<BigDecimal> ROWS_SETTING =
      Setting.positive("bench.merge_insert_narrow.rows");
  static final int ROWS_PER_FRAGMENT = 1_000_000;
  static final int ROWS_PER_BATCH = 100_000;

  /**
   * The rows of a fragment of the {@code frags} shape: upstream's 1,000 (10,000 fragments at 10M).
   */
  public static final int SMALL_FRAGMENT_ROWS = 1_000;

  public static final String ID_INT = "id_int";
  public static final String ID_UUID7 = "id_uuid7";
  public static final String ID_UUID4 = "id_uuid4";
  public static final String ID_NO_INDEX = "id_no_index";
  public static final String COMPOSITE_A = "composite_a";
  public static final String COMPOSITE_B = "composite_b";
  public static final String VALUE = "value";

  /** The keys with a BTREE index, as upstream's. */
  public static final List<String> INDEXED_KEYS =
      List.of(ID_INT, ID_UUID7, ID_UUID4, COMPOSITE_A, COMPOSITE_B);

  public static final DatasetDefinition DEFINITION =
      new DatasetDefinition(
          NAME,
          "10M rows of int, uuid7, uuid4 and composite keys with BTREEs, tagged target shapes "
              + "(merge_insert)",
          ROWS_SETTING,
          "--merge-insert-narrow-rows",
          BigDecimal.valueOf(DEFAULT_ROWS),
          true,
          rows -> new MergeInsertNarrowDataset(rows.longValueExact()));

  /** The states a merge starts from: tags of the dataset. */
  public enum Shape {
    /** the rows as written, every key indexed */
    base,
    /** every 1000th row ({@code id_int % 1000 = 0}) deleted */
    deleted,
    /** a tenth more rows appended after the indexes were built, so the indexes miss them */
    unindexed_tail,
    /** the same rows rewritten in fragments of {@link #SMALL_FRAGMENT_ROWS} rows, indexed */
    frags,
    /** the same rows, the indexes built when only the first half was written */
    unindexed_half;

    public String tag() {
      return name();
    }
  }

  public MergeInsertNarrowDataset(long rows) {
    super(rows);
  }

  @Override
  protected DatasetDefinition definition() {
    return DEFINITION;
  }

  public static Schema schema() {
    FieldType int64 = FieldType.notNullable(new ArrowType.Int(64, true));
    return new Schema(
        List.of(
            new Field(ID_INT, int64, null),
            new Field(ID_UUID7, FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
            new Field(ID_UUID4, FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
            new Field(ID_NO_INDEX, int64, null),
            new Field(COMPOSITE_A, int64, null),
            new Field(COMPOSITE_B, int64, null),
            new Field(VALUE, int64, null)));
  }

  /** The rows appended for {@link Shape#unindexed_tail}: a tenth (1M at the default size). */
  public long tailRows() {
    return Math.max(1, rows() / 10);
  }

  /** The rows the indexes of {@link Shape#unindexed_half} cover: the first half. */
  public long indexedHalf() {
    return Math.max(1, rows() / 2);
  }

  /** The fragments of {@link Shape#frags}. */
  public long smallFragments() {
    return (rows() + SMALL_FRAGMENT_ROWS - 1) / SMALL_FRAGMENT_ROWS;
  }

  /** Rows deleted in {@link Shape#deleted}: those whose {@code id_int % 1000 = 0}. */
  public static boolean deleted(long row) {
    return row % 1000 == 0;
  }

  /** The rows of the dataset in a shape. */
  public long rowsIn(Shape shape) {
    return switch (shape) {
      case base, frags, unindexed_half -> rows();
      case deleted -> rows() - (rows() + 999) / 1000;
      case unindexed_tail -> rows() + tailRows();
    };
  }

  @Override
  protected List<Field> fields() {
    return schema().getFields();
  }

  @Override
  protected List<String> indexedKeys() {
    return INDEXED_KEYS;
  }

  @Override
  protected Set<String> tagsNeeded() {
    return Arrays.stream(Shape.values()).map(Shape::tag).collect(Collectors.toSet());
  }

  @Override
  public void generate(DatasetState found, DatasetPlace at, Progress progress) {
    long start = System.nanoTime();
    writeRowsIfAbsent(
        found,
        at,
        progress,
        new RowBatches(
            schema(),
            ROWS_PER_BATCH,
            rows(0, rows()),
            String.format(Locale.ROOT, "%,d rows", rows()),
            ROWS_PER_FRAGMENT));
    Set<String> tags;
    try (Dataset dataset = at.open()) {
      tags = MergeInsertTargets.tags(dataset);
      if (!tags.contains(MergeInsertTargets.BASE)) {
        index(dataset, progress);
        dataset.tags().create(MergeInsertTargets.BASE, dataset.version());
      }
    }
    for (Shape shape : Shape.values()) {
      if (shape != Shape.base && !tags.contains(shape.tag())) {
        progress.step("making the '" + shape + "' target shape");
        try (Dataset dataset = at.open();
            Dataset target = MergeInsertTargets.restore(dataset, MergeInsertTargets.BASE)) {
          makeShape(shape, target, at, progress);
        }
        MergeInsertTargets.tagLatest(at.uri(), at.storage(), at.allocator(), shape.tag());
      }
    }
    MergeInsertTargets.tidy(at.uri(), at.storage(), at.allocator());
    progress.step(
        String.format(
            Locale.ROOT,
            "%,d rows and the shapes %s ready at %s (%.1f s)",
            rows(),
            List.of(Shape.values()),
            at.uri(),
            (System.nanoTime() - start) / 1e9));
  }

  private void makeShape(Shape shape, Dataset target, DatasetPlace at, Progress progress) {
    switch (shape) {
      case deleted -> target.delete(ID_INT + " % 1000 = 0");
      case unindexed_tail ->
          at.write(
              new BatchSource(
                  at.allocator(),
                  schema(),
                  batches(tailRows()),
                  rows(rows(), tailRows()),
                  progress::advance),
              WriteOptions.append("the tail of the " + NAME + " dataset")
                  .rowsPerFile(ROWS_PER_FRAGMENT));
      case frags -> {
        at.write(
            new BatchSource(
                at.allocator(), schema(), batches(rows()), rows(0, rows()), progress::advance),
            WriteOptions.create("the small fragments of the " + NAME + " dataset")
                .inMode(WriteParams.WriteMode.OVERWRITE)
                .rowsPerFile(SMALL_FRAGMENT_ROWS));
        try (Dataset rewritten = at.open()) {
          index(rewritten, progress);
        }
      }
      case unindexed_half -> {
        at.write(
            new BatchSource(
                at.allocator(),
                schema(),
                batches(indexedHalf()),
                rows(0, indexedHalf()),
                progress::advance),
            WriteOptions.create("the indexed half of the " + NAME + " dataset")
                .inMode(WriteParams.WriteMode.OVERWRITE)
                .rowsPerFile(ROWS_PER_FRAGMENT));
        try (Dataset half = at.open()) {
          index(half, progress);
        }
        at.write(
            new BatchSource(
                at.allocator(),
                schema(),
                batches(rows() - indexedHalf()),
                rows(indexedHalf(), rows() - indexedHalf()),
                progress::advance),
            WriteOptions.append("the unindexed half of the " + NAME + " dataset")
                .rowsPerFile(ROWS_PER_FRAGMENT));
      }
      case base -> throw new IllegalArgumentException("base is the dataset as written");
    }
  }

  private static void index(Dataset dataset, Progress progress) {
    for (String key : INDEXED_KEYS) {
      if (!LanceDatasets.hasIndex(dataset, key, IndexType.BTREE)) {
        progress.step("building the BTREE index on " + key);
        LanceDatasets.createScalarIndex(dataset, key, IndexType.BTREE, "btree");
      }
    }
  }

  /** The batches of {@code count} rows. */
  private static long batches(long count) {
    return (count + ROWS_PER_BATCH - 1) / ROWS_PER_BATCH;
  }

  /** Rows {@code first} .. {@code first + count - 1}, batch by batch. */
  private static BatchSource.BatchFiller rows(long first, long count) {
    return (root, batch) -> {
      long from = first + batch * ROWS_PER_BATCH;
      fill(root, from, (int) Math.min(ROWS_PER_BATCH, first + count - from));
    };
  }

  /** Fills {@code root} with the dataset's rows {@code from} .. {@code from + n - 1}. */
  public static void fill(VectorSchemaRoot root, long from, int n) {
    fill(root, n, i -> from + i, i -> Keys.value(from + i));
  }

  /**
   * {@code n} rows of the dataset's schema: the keys of row {@code row(i)}, the value {@code
   * value(i)} (a source's new value).
   */
  public static void fill(
      VectorSchemaRoot root, int n, IntToLongFunction row, IntToLongFunction value) {
    BigIntVector idInt = (BigIntVector) root.getVector(ID_INT);
    VarCharVector uuid7 = (VarCharVector) root.getVector(ID_UUID7);
    VarCharVector uuid = (VarCharVector) root.getVector(ID_UUID4);
    BigIntVector noIndex = (BigIntVector) root.getVector(ID_NO_INDEX);
    BigIntVector a = (BigIntVector) root.getVector(COMPOSITE_A);
    BigIntVector b = (BigIntVector) root.getVector(COMPOSITE_B);
    BigIntVector values = (BigIntVector) root.getVector(VALUE);
    idInt.allocateNew(n);
    uuid7.allocateNew(32L * n, n);
    uuid.allocateNew(32L * n, n);
    noIndex.allocateNew(n);
    a.allocateNew(n);
    b.allocateNew(n);
    values.allocateNew(n);
    for (int i = 0; i < n; i++) {
      long r = row.applyAsLong(i);
      idInt.set(i, r);
      uuid7.set(i, Keys.uuid7(r).getBytes(StandardCharsets.US_ASCII));
      uuid.set(i, Keys.uuid4(r).getBytes(StandardCharsets.US_ASCII));
      noIndex.set(i, r);
      a.set(i, Keys.compositeA(r));
      b.set(i, Keys.compositeB(r));
      values.set(i, value.applyAsLong(i));
    }
    root.setRowCount(n);
  }
}
