package dev.lancebench.datasets;

import dev.lancebench.datagen.BasicGenerator;
import dev.lancebench.datagen.Progress;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The datasets of one run. The first benchmark that asks for a dataset makes sure it is there
 * (generating it, with progress, when it is missing); later ones get the same handle.
 */
public final class DatasetCatalog {
  private final DatasetLocation location;
  private final long basicRows;
  private final PrintStream progressOut;
  private final Map<String, DatasetHandle> ready = new HashMap<>();

  public DatasetCatalog(DatasetLocation location, long basicRows, PrintStream progressOut) {
    this.location = location;
    this.basicRows = basicRows;
    this.progressOut = progressOut;
  }

  public DatasetLocation location() {
    return location;
  }

  public static Set<String> names() {
    return Set.of(BasicDataset.NAME);
  }

  public synchronized DatasetHandle require(String name, BufferAllocator allocator) {
    DatasetHandle handle = ready.get(name);
    if (handle != null) {
      return handle;
    }
    String uri = location.uriOf(name);
    if (BasicDataset.NAME.equals(name)) {
      BasicDataset spec = new BasicDataset(basicRows);
      new BasicGenerator(spec)
          .ensure(uri, allocator, new Progress(progressOut, name, spec.rows()));
      handle = new DatasetHandle(name, uri, spec.rows());
    } else {
      throw new IllegalArgumentException(
          "Unknown dataset '" + name + "'. Known datasets: " + names() + ".");
    }
    ready.put(name, handle);
    return handle;
  }
}
