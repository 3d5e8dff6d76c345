package dev.lancebench.datasets;

import dev.lancebench.datasets.LanceDatasets.WriteOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.lance.Dataset;

/**
 * Where a dataset lives and how it is reached: its URI, the Lance storage options of its store, and
 * the Arrow allocator its opens and writes use. What every dataset spec's inspection and generation
 * is handed.
 */
public record DatasetPlace(String uri, Map<String, String> storage, BufferAllocator allocator) {
  public DatasetPlace {
    storage = Map.copyOf(storage);
  }

  /** A place on the local disk (or memory://) with no storage options. */
  public static DatasetPlace of(String uri, BufferAllocator allocator) {
    return new DatasetPlace(uri, Map.of(), allocator);
  }

  public Dataset open() {
    return LanceDatasets.open(uri, storage, allocator);
  }

  /** The dataset, or empty when nothing was ever committed here. */
  public Optional<Dataset> openIfExists() {
    return LanceDatasets.openIfExists(uri, storage, allocator);
  }

  public long countRows() {
    return LanceDatasets.countRows(uri, storage, allocator);
  }

  /** Writes what {@code reader} yields here in one commit; returns the rows the dataset holds. */
  public long write(ArrowReader reader, WriteOptions options) {
    return LanceDatasets.write(uri, storage, allocator, reader, options);
  }

  /** The same, returning the written dataset open (the caller closes it). */
  public Dataset writeOpen(ArrowReader reader, WriteOptions options) {
    return LanceDatasets.writeOpen(uri, storage, allocator, reader, options);
  }

  /** The local folder, when the dataset is on a local disk. */
  public Optional<Path> localFolder() {
    return LocalFiles.localPath(uri);
  }
}
