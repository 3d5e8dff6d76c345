package dev.lancebench.datasets.basic;

import dev.lancebench.datasets.DatasetDefinition;
import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.DatasetState;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.datasets.LanceInspection;
import dev.lancebench.datasets.Progress;
import dev.lancebench.datasets.RowCountDataset;
import dev.lancebench.settings.Setting;
import java.math.BigDecimal;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;
import org.lance.index.IndexType;

/**
 * The {@code basic} dataset of the Python suite: {@code row_number} uint64 (0..N-1), {@code
 * integers} int64 (the same values), {@code small_strings} utf8 {@code payload_<i>} with i the
 * row's index within its batch, {@code row_number_bitmap} uint64 (the same values as {@code
 * row_number}, upstream's column for bitmap searches), written in batches of 100,000 rows, with a
 * BTREE index on {@code row_number} and a BITMAP index on {@code row_number_bitmap}.
 *
 * <p>A copy written before {@code row_number_bitmap} existed is upgraded in place: the column is
 * added from {@code row_number} (one new data file per fragment, no rewrite) and indexed.
 */
public final class BasicDataset extends RowCountDataset {
  public static final String NAME = "basic";
  public static final long DEFAULT_ROWS = 10_000_000L;
  public static final int ROWS_PER_BATCH = 100_000;
  public static final String ROW_NUMBER = "row_number";
  public static final String INTEGERS = "integers";
  public static final String SMALL_STRINGS = "small_strings";
  public static final String ROW_NUMBER_BITMAP = "row_number_bitmap";
  public static final Setting<BigDecimal> ROWS_SETTING = Setting.positive("bench.basic.rows");

  public static final DatasetDefinition DEFINITION =
      new DatasetDefinition(
          NAME,
          "10M rows: row_number (BTREE), integers, small_strings, row_number_bitmap (BITMAP)",
          ROWS_SETTING,
          "--basic-rows",
          BigDecimal.valueOf(DEFAULT_ROWS),
          true,
          rows -> new BasicDataset(rows.longValueExact()));

  public BasicDataset(long rows) {
    super(rows);
  }

  @Override
  protected DatasetDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void generate(DatasetState found, DatasetPlace at, Progress progress) {
    new BasicGenerator(this).generate(found, at, progress);
  }

  /** 100 batches at 10M rows; the count scales with the rows, at least one. */
  public long batches() {
    return Math.max(1, (rows() + ROWS_PER_BATCH - 1) / ROWS_PER_BATCH);
  }

  /** Rows in batch {@code index}: the last batch takes what is left. */
  public int rowsInBatch(long index) {
    long start = index * ROWS_PER_BATCH;
    return (int) Math.min(ROWS_PER_BATCH, rows() - start);
  }

  public static Schema schema() {
    return new Schema(
        List.of(
            new Field(ROW_NUMBER, FieldType.nullable(new ArrowType.Int(64, false)), null),
            new Field(INTEGERS, FieldType.nullable(new ArrowType.Int(64, true)), null),
            new Field(SMALL_STRINGS, FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
            new Field(ROW_NUMBER_BITMAP, FieldType.nullable(new ArrowType.Int(64, false)), null)));
  }

  /** The columns before {@code row_number_bitmap}: a copy with these is upgraded. */
  static List<Field> fieldsWithoutBitmapColumn() {
    return schema().getFields().subList(0, 3);
  }

  @Override
  public DatasetState inspect(DatasetPlace at) {
    return LanceInspection.inspectAccepting(
        at,
        NAME,
        List.of(schema().getFields(), fieldsWithoutBitmapColumn()),
        dataset -> checkRows(at.uri(), dataset));
  }

  private DatasetState checkRows(String uri, Dataset dataset) {
    DatasetState rowsState = checkRowCount(uri, dataset);
    if (rowsState != null) {
      return rowsState == DatasetState.EMPTY && !hasBitmapColumn(dataset)
          ? DatasetState.COLUMN_MISSING
          : rowsState;
    }
    if (!hasBitmapColumn(dataset)) {
      return DatasetState.COLUMN_MISSING;
    }
    return LanceDatasets.hasIndex(dataset, ROW_NUMBER, IndexType.BTREE)
            && LanceDatasets.hasIndex(dataset, ROW_NUMBER_BITMAP, IndexType.BITMAP)
        ? DatasetState.COMPLETE
        : DatasetState.INDEX_MISSING;
  }

  static boolean hasBitmapColumn(Dataset dataset) {
    return dataset.getSchema().getFields().stream()
        .anyMatch(f -> f.getName().equals(ROW_NUMBER_BITMAP));
  }
}
