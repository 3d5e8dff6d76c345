package dev.lancebench.running;

import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.LanceDatasets;
import org.apache.arrow.memory.BufferAllocator;
import org.lance.Dataset;
import org.lance.Session;

/**
 * One cold invocation's dataset, as upstream opens it: in a fresh Lance session (nothing shared
 * with any other open), inside the timed call, so the invocation pays for the open (manifest, index
 * metadata) as well as the query. Made by the untimed setup, opened by the workload, closed after
 * the invocation (untimed) with the benchmark's own state.
 */
final class ColdOpen<S> implements AutoCloseable {
  private final DatasetHandle handle;
  private final BufferAllocator allocator;
  private final S state;
  private Session lanceSession;
  private Dataset dataset;

  ColdOpen(DatasetHandle handle, BufferAllocator allocator, S state) {
    this.handle = handle;
    this.allocator = allocator;
    this.state = state;
  }

  /** Opens the dataset in a new session; call once, inside the measured invocation. */
  Dataset open() {
    if (dataset != null) {
      throw new IllegalStateException("a cold invocation opens its dataset once");
    }
    lanceSession = Session.create();
    dataset = LanceDatasets.open(handle.uri(), handle.storage(), allocator, lanceSession);
    return dataset;
  }

  /** What the benchmark's own setup prepared for this invocation (null without one). */
  S state() {
    return state;
  }

  @Override
  public void close() throws Exception {
    try {
      if (dataset != null) {
        dataset.close();
        dataset = null;
      }
      if (lanceSession != null) {
        lanceSession.close();
        lanceSession = null;
      }
    } finally {
      if (state instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }
}
