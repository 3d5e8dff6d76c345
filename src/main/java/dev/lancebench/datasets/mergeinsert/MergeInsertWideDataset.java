package dev.lancebench.datasets.mergeinsert;

import dev.lancebench.datasets.DatasetDefinition;
import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.DatasetState;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.datasets.Progress;
import dev.lancebench.settings.Setting;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntToLongFunction;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;
import org.lance.index.IndexType;

/**
 * {@code merge_insert_wide}: 1M rows by default of 20 scalar columns alternating int64 and string
 * ({@code id}, the key, with a BTREE; then {@code col_01} string, {@code col_02} int64, ...) and a
 * 256-d float32 {@code vector}, in fragments of 100,000 rows, for upstream's wide-row upsert.
 * Tagged {@code base} once built.
 */
public final class MergeInsertWideDataset extends TaggedTargetDataset {
  public static final String NAME = "merge_insert_wide";
  public static final long DEFAULT_ROWS = 1_000_000L;
  public static final Setting<BigDecimal> ROWS_SETTING =
      Setting.positive("bench.merge_insert_wide.rows");
  public static final String ID = "id";
  public static final String VECTOR = "vector";
  public static final int SCALAR_COLUMNS = 20;
  public static final int DIMENSION = 256;
  static final int ROWS_PER_BATCH = 10_000;

  /** 10 fragments at the default size, as upstream's. */
  public static final int ROWS_PER_FRAGMENT = 100_000;

  public static final DatasetDefinition DEFINITION =
      new DatasetDefinition(
          NAME,
          "1M rows of 20 int64/string columns and a 256-d vector, BTREE on id (merge_insert)",
          ROWS_SETTING,
          "--merge-insert-wide-rows",
          BigDecimal.valueOf(DEFAULT_ROWS),
          true,
          rows -> new MergeInsertWideDataset(rows.longValueExact()));

  public MergeInsertWideDataset(long rows) {
    super(rows);
  }

  @Override
  protected DatasetDefinition definition() {
    return DEFINITION;
  }

  /** {@code col_01} .. {@code col_19}: odd ones strings, even ones int64. */
  public static String column(int k) {
    return String.format(Locale.ROOT, "col_%02d", k);
  }

  public static Schema schema() {
    List<Field> fields = new ArrayList<>();
    fields.add(new Field(ID, FieldType.notNullable(new ArrowType.Int(64, true)), null));
    for (int k = 1; k < SCALAR_COLUMNS; k++) {
      ArrowType type = k % 2 == 1 ? ArrowType.Utf8.INSTANCE : new ArrowType.Int(64, true);
      fields.add(new Field(column(k), FieldType.notNullable(type), null));
    }
    Field item =
        new Field(
            "item",
            FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
            null);
    fields.add(
        new Field(
            VECTOR, FieldType.notNullable(new ArrowType.FixedSizeList(DIMENSION)), List.of(item)));
    return new Schema(fields);
  }

  /** {@code id} and {@code columns}, in the dataset's order: a partial-schema source's schema. */
  public static Schema schema(List<String> columns) {
    List<Field> fields = new ArrayList<>();
    for (Field field : schema().getFields()) {
      if (field.getName().equals(ID) || columns.contains(field.getName())) {
        fields.add(field);
      }
    }
    if (fields.size() != columns.size() + 1) {
      throw new IllegalArgumentException("not columns of " + NAME + ": " + columns);
    }
    return new Schema(fields);
  }

  @Override
  protected List<Field> fields() {
    return schema().getFields();
  }

  @Override
  protected List<String> indexedKeys() {
    return List.of(ID);
  }

  @Override
  protected Set<String> tagsNeeded() {
    return Set.of(MergeInsertTargets.BASE);
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
            (root, batch) -> {
              long from = batch * ROWS_PER_BATCH;
              fill(root, (int) Math.min(ROWS_PER_BATCH, rows() - from), i -> from + i, 0);
            },
            String.format(Locale.ROOT, "%,d wide rows", rows()),
            ROWS_PER_FRAGMENT));
    try (Dataset dataset = at.open()) {
      if (!LanceDatasets.hasIndex(dataset, ID, IndexType.BTREE)) {
        progress.step("building the BTREE index on " + ID);
        LanceDatasets.createScalarIndex(dataset, ID, IndexType.BTREE, "btree");
      }
      dataset.tags().create(MergeInsertTargets.BASE, dataset.version());
    }
    progress.step(
        String.format(
            Locale.ROOT,
            "%,d wide rows ready at %s (%.1f s)",
            rows(),
            at.uri(),
            (System.nanoTime() - start) / 1e9));
  }

  /**
   * Fills {@code root} with {@code n} rows whose ids {@code row} gives; {@code generation} 0 is the
   * dataset's own values, another number another set of values for the same ids (a source that
   * updates them). A root of a {@link #schema(List) partial schema} gets its own columns only.
   */
  public static void fill(VectorSchemaRoot root, int n, IntToLongFunction row, long generation) {
    for (var vector : root.getFieldVectors()) {
      if (vector instanceof BigIntVector ints) {
        ints.allocateNew(n);
      } else if (vector instanceof VarCharVector strings) {
        strings.allocateNew(20L * n, n);
      }
    }
    FixedSizeListVector vectors = (FixedSizeListVector) root.getVector(VECTOR);
    Float4Vector items = null;
    if (vectors != null) {
      vectors.allocateNew();
      items = (Float4Vector) vectors.getDataVector();
      items.allocateNew(n * DIMENSION);
    }
    BigIntVector ids = (BigIntVector) root.getVector(ID);
    for (int i = 0; i < n; i++) {
      long r = row.applyAsLong(i);
      ids.set(i, r);
      long seed = Keys.mix(r * 31 + generation);
      for (int k = 1; k < SCALAR_COLUMNS; k++) {
        long v = Keys.mix(seed + k);
        if (root.getVector(column(k)) == null) {
          continue;
        }
        if (k % 2 == 1) {
          ((VarCharVector) root.getVector(column(k)))
              .setSafe(
                  i,
                  String.format(Locale.ROOT, "s%02d_%012x", k, v >>> 16)
                      .getBytes(StandardCharsets.US_ASCII));
        } else {
          ((BigIntVector) root.getVector(column(k))).set(i, v);
        }
      }
      if (vectors != null) {
        vectors.setNotNull(i);
        SplittableRandom random = new SplittableRandom(seed);
        for (int j = 0; j < DIMENSION; j++) {
          items.set(i * DIMENSION + j, (float) random.nextGaussian());
        }
      }
    }
    if (items != null) {
      items.setValueCount(n * DIMENSION);
    }
    for (var vector : root.getFieldVectors()) {
      vector.setValueCount(n);
    }
    root.setRowCount(n);
  }
}
