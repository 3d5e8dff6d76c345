package dev.lancebench.datasets.countrows;

import dev.lancebench.datasets.DatasetDefinition;
import dev.lancebench.datasets.DatasetMismatchException;
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
 * As upstream's: 10 million rows by default, the value of a non-null row its row index {@code i}
 * (every value distinct, so the bitmap has one entry per row). A copy written by an older version
 * of this suite (values {@code i % 1000}) is refused with the way out.
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

  /** The first row whose old value ({@code i % 1000}) differs from upstream's ({@code i}). */
  static final long PROBE_ROW = 1_001;

  @Override
  public DatasetState inspect(DatasetPlace at) {
    DatasetState state = inspectRowsAndIndexes(at, fields(), d -> missingIndexes(d).isEmpty());
    if ((state == DatasetState.COMPLETE || state == DatasetState.INDEX_MISSING)
        && rows() > PROBE_ROW) {
      try (Dataset dataset = at.open()) {
        long atProbe = dataset.countRows(Column.btree.column() + " = " + PROBE_ROW);
        if (atProbe != 1) {
          throw new DatasetMismatchException(
              String.format(
                  Locale.ROOT,
                  "The 'count_rows' dataset at %s was written by an older lance-bench (values "
                      + "i %% 1000, not upstream's row index i): no row has value_btree = %d. "
                      + "Delete %s so it is generated again, or point bench.data elsewhere.",
                  at.uri(),
                  PROBE_ROW,
                  at.uri()));
        }
      }
    }
    return state;
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
          vector.set(i, (int) row);
        }
      }
      vector.setValueCount(n);
    }
    root.setRowCount(n);
  }
}
