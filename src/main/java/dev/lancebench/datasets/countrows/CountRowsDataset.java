package dev.lancebench.datasets.countrows;

import dev.lancebench.datasets.DatasetDefinition;
import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.DatasetState;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.datasets.Progress;
import dev.lancebench.datasets.RowCountDataset;
import dev.lancebench.settings.Setting;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;
import org.lance.index.IndexType;

/**
 * The {@code count_rows} dataset of upstream's count_rows benchmark: five int32 columns holding the
 * same values, null exactly where the row index {@code i % 100 == 0}, each with its own kind of
 * index (none, BITMAP, BTREE, ZONEMAP, BLOOM_FILTER), so one measurement exercises one index type.
 * The value of a non-null row is {@code i % 1000}: upstream's generator is not part of its
 * benchmark, and a bitmap over ten million distinct values would measure the index's size rather
 * than count_rows. Upstream's dataset has a billion rows; 10 million is the default here.
 */
public final class CountRowsDataset extends RowCountDataset {
  public static final String NAME = "count_rows";
  public static final long DEFAULT_ROWS = 10_000_000L;
  static final int ROWS_PER_BATCH = 1_000_000;
  public static final Setting<BigDecimal> ROWS_SETTING = Setting.positive("bench.count_rows.rows");

  /** The columns and the index each carries, in upstream's order. */
  public enum Column {
    none(null, null),
    bitmap(IndexType.BITMAP, "bitmap"),
    btree(IndexType.BTREE, "btree"),
    zonemap(IndexType.ZONEMAP, "zonemap"),
    bloomfilter(IndexType.BLOOM_FILTER, "bloomfilter");

    final IndexType indexType;
    final String scalarType;

    Column(IndexType indexType, String scalarType) {
      this.indexType = indexType;
      this.scalarType = scalarType;
    }

    /** {@code value_none}, {@code value_bitmap}, ... */
    public String column() {
      return "value_" + name();
    }
  }

  public static final DatasetDefinition DEFINITION =
      new DatasetDefinition(
          NAME,
          "10M rows, five int32 columns with 1 % nulls, one per index type (count_rows)",
          ROWS_SETTING,
          "--count-rows-rows",
          BigDecimal.valueOf(DEFAULT_ROWS),
          true,
          rows -> new CountRowsDataset(rows.longValueExact()));

  public CountRowsDataset(long rows) {
    super(rows);
  }

  @Override
  protected DatasetDefinition definition() {
    return DEFINITION;
  }

  /** Rows whose values are null: every hundredth, from the first. */
  public long nullRows() {
    return (rows() + 99) / 100;
  }

  static List<Field> fields() {
    List<Field> fields = new ArrayList<>();
    for (Column c : Column.values()) {
      fields.add(Field.nullable(c.column(), new ArrowType.Int(32, true)));
    }
    return fields;
  }

  @Override
  public DatasetState inspect(DatasetPlace at) {
    return inspectRowsAndIndexes(at, fields(), d -> missingIndexes(d).isEmpty());
  }

  /** The indexed columns whose index is not there yet. */
  static List<Column> missingIndexes(Dataset dataset) {
    List<Field> fields = dataset.getSchema().getFields();
    Set<String> indexed =
        dataset.getIndexes().stream()
            .filter(i -> i.fields().size() == 1)
            .map(i -> fields.get(i.fields().get(0)).getName() + "/" + i.indexType())
            .collect(Collectors.toSet());
    List<Column> missing = new ArrayList<>();
    for (Column c : Column.values()) {
      if (c.indexType != null && !indexed.contains(c.column() + "/" + c.indexType)) {
        missing.add(c);
      }
    }
    return missing;
  }

  @Override
  public void generate(DatasetState found, DatasetPlace at, Progress progress) {
    writeRowsIfAbsent(
        found,
        at,
        progress,
        new RowBatches(
            new Schema(fields()),
            ROWS_PER_BATCH,
            this::fill,
            String.format(Locale.ROOT, "%,d rows", rows())));
    try (Dataset dataset = at.open()) {
      for (Column c : missingIndexes(dataset)) {
        progress.step("building " + c.indexType + " index on " + c.column());
        LanceDatasets.createScalarIndex(dataset, c.column(), c.indexType, c.scalarType);
      }
    }
    progress.step(String.format(Locale.ROOT, "%,d rows ready at %s", rows(), at.uri()));
  }

  private void fill(VectorSchemaRoot root, long batch) {
    long first = batch * ROWS_PER_BATCH;
    int n = (int) Math.min(ROWS_PER_BATCH, rows() - first);
    for (Column c : Column.values()) {
      IntVector vector = (IntVector) root.getVector(c.column());
      vector.allocateNew(n);
      for (int i = 0; i < n; i++) {
        long row = first + i;
        if (row % 100 == 0) {
          vector.setNull(i);
        } else {
          vector.set(i, (int) (row % 1000));
        }
      }
      vector.setValueCount(n);
    }
    root.setRowCount(n);
  }
}
