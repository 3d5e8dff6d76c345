package dev.lancebench.datasets;

import java.util.Map;

/**
 * One dataset at one size: what it is called, how an existing copy is inspected, how it is
 * generated, how many rows the benchmarks expect. Made by its {@link DatasetDefinition} from the
 * run's size settings.
 */
public interface DatasetSpec {
  String name();

  /** The rows a complete copy holds (an estimate where only generating tells, e.g. TPC-H). */
  long expectedRows();

  /**
   * Looks at what is at {@code uri}, changing nothing: MISSING (what a killed generation left is
   * cleared by {@link #ensure} before generating), EMPTY, INDEX_MISSING or COMPLETE. Throws {@link
   * DatasetMismatchException} for anything else, so it is never appended to or overwritten.
   */
  DatasetState inspect(DatasetPlace at);

  /** Brings the dataset from {@code found} (not COMPLETE) to COMPLETE. */
  void generate(DatasetState found, DatasetPlace at, Progress progress);

  /** The size as results.json records it, e.g. {@code {"rows": 10000000}}. */
  Map<String, Object> size();

  /** The datagen option that makes this size, e.g. "--tpch-sf 10"; empty at the default. */
  String datagenArguments();

  /** Makes sure the dataset is complete at {@code uri}; returns the state found before. */
  default DatasetState ensure(DatasetPlace at, Progress progress) {
    DatasetState state = inspect(at);
    if (state == DatasetState.MISSING) {
      LanceInspection.clearAbandonedWrite(at.uri(), name(), progress);
    }
    if (state != DatasetState.COMPLETE) {
      generate(state, at, progress);
    }
    return state;
  }
}
