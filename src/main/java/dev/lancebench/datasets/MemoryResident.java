package dev.lancebench.datasets;

import org.apache.arrow.memory.BufferAllocator;
import org.lance.Dataset;

/**
 * A dataset that lives in memory ({@code memory://}) for one JVM: written once, in the untimed
 * part, and kept open. lance-core 7.0.0 gives every open of a {@code memory://} URI a new, empty
 * store, so such a dataset is never opened again, only used through the handle its write returned.
 */
public interface MemoryResident extends DatasetSpec {
  /** Writes the dataset at {@code uri} and returns it open; the caller closes it. */
  Dataset writeOpen(String uri, BufferAllocator allocator, Progress progress);
}
