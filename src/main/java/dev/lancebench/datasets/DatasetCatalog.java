package dev.lancebench.datasets;

import dev.lancebench.datagen.BasicGenerator;
import dev.lancebench.datagen.TpchGenerator;
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
  private final double tpchScaleFactor;
  private final Map<String, String> storage;
  private final BucketDatasets bucket;
  private final PrintStream progressOut;
  private final Map<String, DatasetHandle> ready = new HashMap<>();

  /** @param storage Lance storage options for the location's store (credentials, endpoint) */
  public DatasetCatalog(
      DatasetLocation location,
      long basicRows,
      double tpchScaleFactor,
      Map<String, String> storage,
      PrintStream progressOut) {
    this(location, basicRows, tpchScaleFactor, storage, progressOut,
        BucketDatasets.checks(location.base(), storage)
            ? BucketDatasets.withDefaultCredentials(location.base())
            : null);
  }

  /** @param bucket the bucket check for a gs:// location, or null */
  public DatasetCatalog(
      DatasetLocation location,
      long basicRows,
      double tpchScaleFactor,
      Map<String, String> storage,
      PrintStream progressOut,
      BucketDatasets bucket) {
    this.bucket = bucket;
    this.storage = Map.copyOf(storage);
    this.location = location;
    this.basicRows = basicRows;
    this.tpchScaleFactor = tpchScaleFactor;
    this.progressOut = progressOut;
  }

  public DatasetLocation location() {
    return location;
  }

  public static Set<String> names() {
    return Set.of(BasicDataset.NAME, TpchDataset.NAME);
  }

  /**
   * A dataset this suite cannot generate (such as {@code image_eda}, which lives only in the
   * Google Cloud bucket): its handle when it exists at the location, empty otherwise.
   */
  private String datagenOptions(String name) {
    if (BasicDataset.NAME.equals(name) && basicRows != BasicDataset.DEFAULT_ROWS) {
      return "--basic-rows " + basicRows;
    }
    if (TpchDataset.NAME.equals(name)) {
      return "--tpch-sf " + new TpchDataset(tpchScaleFactor).scaleFactorText();
    }
    return "";
  }

  public synchronized java.util.Optional<DatasetHandle> existing(
      String name, BufferAllocator allocator) {
    String uri = location.uriOf(name);
    java.util.Optional<org.lance.Dataset> opened =
        LanceDatasets.openIfExists(uri, storage, allocator);
    if (opened.isEmpty()) {
      return java.util.Optional.empty();
    }
    try (org.lance.Dataset dataset = opened.get()) {
      return java.util.Optional.of(new DatasetHandle(name, uri, dataset.countRows(), storage));
    }
  }

  public synchronized DatasetHandle require(String name, BufferAllocator allocator) {
    DatasetHandle handle = ready.get(name);
    if (handle != null) {
      return handle;
    }
    String uri = location.uriOf(name);
    if (bucket != null) {
      // a shared bucket is not generated into by a benchmark run: it must hold the dataset
      bucket.require(name, datagenOptions(name));
    }
    if (BasicDataset.NAME.equals(name)) {
      BasicDataset spec = new BasicDataset(basicRows);
      try (Progress progress = new Progress(progressOut, name, spec.rows())) {
        new BasicGenerator(spec).ensure(uri, storage, allocator, progress);
      }
      handle = new DatasetHandle(name, uri, spec.rows(), storage);
    } else if (TpchDataset.NAME.equals(name)) {
      TpchDataset spec = new TpchDataset(tpchScaleFactor);
      long estimate = spec.knownRows().orElse((long) (tpchScaleFactor * 6_000_000));
      try (Progress progress = new Progress(progressOut, name, estimate)) {
        new TpchGenerator(spec).ensure(uri, storage, allocator, progress);
      }
      handle =
          new DatasetHandle(name, uri, LanceDatasets.countRows(uri, storage, allocator), storage);
    } else {
      throw new IllegalArgumentException(
          "Unknown dataset '" + name + "'. Known datasets: " + names() + ".");
    }
    ready.put(name, handle);
    return handle;
  }
}
