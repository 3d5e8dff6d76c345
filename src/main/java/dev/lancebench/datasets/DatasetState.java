package dev.lancebench.datasets;

/** What a generator found at a dataset's URI before it started. */
public enum DatasetState {
  /** Nothing committed there (no manifest): generate from scratch. */
  MISSING,
  /** Committed with the expected schema and no rows: append to it. */
  EMPTY,
  /**
   * All rows are there, written before a column the benchmarks now need existed (derived from the
   * others): add the column, then its index.
   */
  COLUMN_MISSING,
  /** All rows are there but an index the benchmarks need is not: build it. */
  INDEX_MISSING,
  /** All rows and indexes are there: leave it alone. */
  COMPLETE
}
