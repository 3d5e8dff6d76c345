package dev.lancebench.datasets;

import java.util.Locale;
import java.util.Map;
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
          "The '" + definition().name() + "' dataset needs at least 1 row, got " + rows + " (set "
              + definition().size().key() + ")");
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
              name(), uri, actual, rows, setting, definition().datagenOption(), setting, actual, uri));
    }
    return null;
  }
}
