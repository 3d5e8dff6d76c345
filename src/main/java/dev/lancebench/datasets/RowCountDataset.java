package dev.lancebench.datasets;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;

/**
 * A dataset whose size is its row count ({@code basic}, {@code count_rows}): the parts of a spec
 * that follow from that, and the row check every such dataset makes of an existing copy.
 */
public abstract class RowCountDataset implements DatasetSpec {
  private final long rows;

  protected RowCountDataset(long rows) {
    if (rows < 1) {
      throw new IllegalArgumentException(
          "The '"
              + definition().name()
              + "' dataset needs at least 1 row, got "
              + rows
              + " (set "
              + definition().size().key()
              + ")");
    }
    this.rows = rows;
  }

  /** The registered definition: name, size setting, default, datagen option. */
  protected abstract DatasetDefinition definition();

  public long rows() {
    return rows;
  }

  @Override
  public String name() {
    return definition().name();
  }

  @Override
  public long expectedRows() {
    return rows;
  }

  @Override
  public Map<String, Object> size() {
    return Map.of("rows", rows);
  }

  @Override
  public String datagenArguments() {
    return rows == definition().defaultSize().longValueExact()
        ? ""
        : definition().datagenOption() + " " + rows;
  }

  /**
   * The inspection of a dataset whose only parts are its rows and its indexes: the schema, then
   * {@link #checkRowCount}, then COMPLETE when {@code indexed} finds every index, else
   * INDEX_MISSING.
   */
  protected DatasetState inspectRowsAndIndexes(
      DatasetPlace at, List<Field> fields, Predicate<Dataset> indexed) {
    return LanceInspection.inspect(
        at,
        name(),
        fields,
        dataset -> {
          DatasetState rowsState = checkRowCount(at.uri(), dataset);
          if (rowsState != null) {
            return rowsState;
          }
          return indexed.test(dataset) ? DatasetState.COMPLETE : DatasetState.INDEX_MISSING;
        });
  }

  /**
   * The rows a generator writes: in batches of {@code rowsPerBatch} made by {@code filler}; {@code
   * what} for the progress line ("5,000 documents"); at most {@code maxRowsPerFile} rows a fragment
   * (null: lance-core's default).
   */
  public record RowBatches(
      Schema schema,
      int rowsPerBatch,
      BatchSource.BatchFiller filler,
      String what,
      Integer maxRowsPerFile) {
    public RowBatches(
        Schema schema, int rowsPerBatch, BatchSource.BatchFiller filler, String what) {
      this(schema, rowsPerBatch, filler, what, null);
    }
  }

  /**
   * Writes the rows when {@code found} is MISSING (created) or EMPTY (appended to); does nothing in
   * the other states.
   */
  protected void writeRowsIfAbsent(
      DatasetState found, DatasetPlace at, Progress progress, RowBatches batches) {
    if (found != DatasetState.MISSING && found != DatasetState.EMPTY) {
      return;
    }
    long count = (rows + batches.rowsPerBatch() - 1) / batches.rowsPerBatch();
    progress.step("writing " + batches.what() + " to " + at.uri());
    at.write(
        new BatchSource(
            at.allocator(), batches.schema(), count, batches.filler(), progress::advance),
        LanceDatasets.WriteOptions.createOrAppend(
                found == DatasetState.MISSING, "the " + name() + " dataset")
            .rowsPerFile(batches.maxRowsPerFile()));
  }

  /**
   * EMPTY for a committed dataset without rows; null when it has this run's rows (the spec then
   * looks at its indexes); an error naming the URI and the ways out when it has other rows.
   */
  protected DatasetState checkRowCount(String uri, Dataset dataset) {
    long actual = dataset.countRows();
    if (actual == 0) {
      return DatasetState.EMPTY;
    }
    if (actual != rows) {
      String setting = definition().size().key();
      throw new DatasetMismatchException(
          String.format(
              Locale.ROOT,
              "The '%s' dataset at %s has %,d rows, but this run expects %,d (%s, bench.scale, or "
                  + "%s for datagen). Set %s=%d, point bench.data at another location, or delete %s "
                  + "so it is generated again.",
              name(),
              uri,
              actual,
              rows,
              setting,
              definition().datagenOption(),
              setting,
              actual,
              uri));
    }
    return null;
  }
}
