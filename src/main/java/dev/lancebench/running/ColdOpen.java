package dev.lancebench.running;

import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.datasets.PageCache;
import org.apache.arrow.memory.BufferAllocator;
import org.lance.Dataset;
import org.lance.Session;

/**
 * The dataset of a {@link Cache#no_cache} invocation: opened again before each one, untimed, with a
 * fresh Lance session, and (when local) its files then dropped from the page cache.
 */
final class ColdOpen implements AutoCloseable {
  private final DatasetHandle handle;
  private final BufferAllocator allocator;
  private final boolean dropPages;
  private Session lanceSession;
  private Dataset dataset;

  ColdOpen(DatasetHandle handle, BufferAllocator allocator, boolean dropPages) {
    this.handle = handle;
    this.allocator = allocator;
    this.dropPages = dropPages;
  }

  /** Closes the last open and opens the dataset cold; returns it. */
  Dataset reopen() {
    close();
    lanceSession = Session.create();
    dataset = LanceDatasets.open(handle.uri(), handle.storage(), allocator, lanceSession);
    if (dropPages) {
      // after the open: the manifest it read is parsed; what the workload reads is cold
      PageCache.drop(handle.uri());
    }
    return dataset;
  }

  Dataset dataset() {
    return dataset;
  }

  @Override
  public void close() {
    if (dataset != null) {
      dataset.close();
      dataset = null;
    }
    if (lanceSession != null) {
      lanceSession.close();
      lanceSession = null;
    }
  }
}
