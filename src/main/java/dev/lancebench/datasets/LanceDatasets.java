package dev.lancebench.datasets;

import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.lance.Dataset;

/** Small helpers around lance-core's dataset API that every dataset spec needs. */
public final class LanceDatasets {
  private LanceDatasets() {}

  /**
   * Opens the dataset at {@code uri}, or returns empty when nothing was ever committed there. A
   * generation that died before its commit leaves no manifest, so it is seen as missing, never as
   * complete.
   */
  public static Optional<Dataset> openIfExists(String uri, BufferAllocator allocator) {
    try {
      return Optional.of(Dataset.open(uri, allocator));
    } catch (IllegalArgumentException e) {
      // lance-core 7.0.0 reports a missing manifest as "Dataset at path ... was not found"
      String message = String.valueOf(e.getMessage());
      if (message.contains("was not found")) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
