package dev.lancebench.datasets;

import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.lance.Dataset;

/**
 * A dataset that is ready to read: its name, URI, the row count the benchmarks expect, and the
 * Lance storage options its store needs (empty for a local folder).
 */
public record DatasetHandle(String name, String uri, long rows, Map<String, String> storage) {
  public DatasetHandle {
    storage = Map.copyOf(storage);
  }

  public DatasetHandle(String name, String uri, long rows) {
    this(name, uri, rows, Map.of());
  }

  /** Opens the dataset with its storage options; the caller closes it. */
  public Dataset open(BufferAllocator allocator) {
    return LanceDatasets.open(uri, storage, allocator);
  }

  /** Without the storage options: they may hold credentials. */
  @Override
  public String toString() {
    return "DatasetHandle[" + name + " at " + uri + ", " + rows + " rows]";
  }
}
