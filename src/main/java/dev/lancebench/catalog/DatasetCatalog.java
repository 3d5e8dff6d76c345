package dev.lancebench.catalog;

import dev.lancebench.datasets.BucketDatasets;
import dev.lancebench.datasets.DatasetDefinition;
import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.DatasetLocation;
import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.DatasetSpec;
import dev.lancebench.datasets.DatasetState;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.datasets.LocalFiles;
import dev.lancebench.datasets.MemoryResident;
import dev.lancebench.datasets.Progress;
import dev.lancebench.datasets.RemoteFailures;
import dev.lancebench.settings.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lance.Dataset;

/**
 * The datasets of one run (or one datagen command): the registry's definitions at the sizes the
 * settings give, at one location. The first benchmark that asks for a dataset makes sure it is
 * there (generating it, with progress, when it is missing); later ones get the same handle.
 */
public final class DatasetCatalog {
  private final DatasetLocation location;
  private final DatasetRegistry registry;
  private final Settings settings;
  private final Map<String, String> storage;
  private final BucketDatasets bucket;
  private final PrintStream progressOut;
  private final Map<String, DatasetHandle> ready = new LinkedHashMap<>();

  /** Datasets whose making failed in this JVM, with why: not tried again. */
  private final Map<String, RuntimeException> failed = new HashMap<>();

  private final Map<String, DatasetSpec> specs = new LinkedHashMap<>();

  /** What making each dataset ready cost this JVM: the seconds it generated for, bytes on disk. */
  public static final String GENERATED_SECONDS = "generated_seconds";

  public static final String DISK_BYTES = "disk_bytes";

  private final Map<String, Map<String, Object>> preparation = new LinkedHashMap<>();

  private IllegalStateException unreachable;
  private BiConsumer<String, String> onUnreachable = (base, why) -> {};
  private final Map<String, Dataset> resident = new LinkedHashMap<>();
  private final Map<String, DatasetSpec> residentSpecs = new LinkedHashMap<>();
  private BufferAllocator residentAllocator;

  /**
   * @param storage Lance storage options for the location's store (credentials, endpoint)
   * @param bucket the check that a gs:// location holds each dataset before a run, or null where
   *     the catalog may generate (a local location, or the datagen command)
   */
  public DatasetCatalog(
      DatasetLocation location,
      DatasetRegistry registry,
      Settings settings,
      Map<String, String> storage,
      PrintStream progressOut,
      BucketDatasets bucket) {
    this.location = location;
    this.registry = registry;
    this.settings = settings;
    this.storage = Map.copyOf(storage);
    this.progressOut = progressOut;
    this.bucket = bucket;
  }

  /**
   * Shares the run's verdict on the location with its other JVMs: {@code known} is what an earlier
   * JVM found (its message), applied at once; {@code found} is told when this JVM finds the
   * location unreachable, with its base and message.
   */
  public synchronized void unreachableAcrossTheRun(
      Optional<String> known, BiConsumer<String, String> found) {
    known.ifPresent(
        why ->
            unreachable =
                new IllegalStateException(why + " (found by an earlier JVM of this run)"));
    onUnreachable = found;
  }

  public DatasetLocation location() {
    return location;
  }

  public DatasetRegistry registry() {
    return registry;
  }

  /** The spec of {@code name} at this run's size (settings read once per dataset). */
  public synchronized DatasetSpec spec(String name) {
    return specs.computeIfAbsent(name, n -> registry.require(n).spec(settings));
  }

  /**
   * A dataset this suite cannot generate (such as {@code image_eda}, which lives only in the Google
   * Cloud bucket): its handle when it exists at the location, empty otherwise.
   */
  public synchronized Optional<DatasetHandle> existing(String name, BufferAllocator allocator) {
    String uri = location.uriOf(name);
    Optional<Dataset> opened = LanceDatasets.openIfExists(uri, storage, allocator);
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    try (Dataset dataset = opened.get()) {
      DatasetHandle handle = new DatasetHandle(name, uri, dataset.countRows(), storage);
      ready.put(name, handle);
      return Optional.of(handle);
    }
  }

  /** The dataset, generated first when it is missing. */
  public synchronized DatasetHandle require(String name, BufferAllocator allocator) {
    DatasetHandle handle = ready.get(name);
    if (handle != null) {
      return handle;
    }
    if (unreachable != null) {
      // decided once per run: every other benchmark that needs the location fails at once
      throw new IllegalStateException(unreachable.getMessage(), unreachable);
    }
    RuntimeException failedBefore = failed.get(name);
    if (failedBefore != null) {
      // decided once: a generation that failed (a full disk, say) is not tried by every case
      throw new IllegalStateException(
          "The '"
              + name
              + "' dataset could not be made earlier in this JVM; not trying again: "
              + failedBefore.getMessage(),
          failedBefore);
    }
    try {
      return prepare(name, allocator);
    } catch (RuntimeException e) {
      if (!(LocalFiles.localPath(location.base()).isEmpty() && RemoteFailures.isUnreachable(e))) {
        failed.put(name, e);
      }
      return rethrow(name, e);
    } catch (Exception e) {
      failed.put(name, new IllegalStateException(e.toString(), e));
      return rethrow(name, e);
    }
  }

  private DatasetHandle rethrow(String name, Exception e) {
    if (LocalFiles.localPath(location.base()).isEmpty() && RemoteFailures.isUnreachable(e)) {
      unreachable =
          new IllegalStateException(
              RemoteFailures.rootCause(e)
                  + ": the dataset location "
                  + location.base()
                  + " cannot be reached (decided by "
                  + location.decidedBy()
                  + "). Every benchmark that needs it fails without trying again in this run. "
                  + "Check the network, or point bench.data (LANCE_BENCH_DATA) at a reachable "
                  + "location.",
              e);
      onUnreachable.accept(location.base(), unreachable.getMessage());
      throw unreachable;
    }
    if (e instanceof RuntimeException) {
      throw (RuntimeException) e;
    }
    throw new IllegalStateException(
        e + " (the '" + name + "' dataset at " + location.uriOf(name) + ")", e);
  }

  /**
   * Holds the dataset's lock while a benchmark writes to it (a merge into {@code
   * merge_insert_narrow}): another run writing or generating it meanwhile waits, saying so, instead
   * of both failing with Lance's conflict of concurrent transactions.
   */
  public AutoCloseable writing(DatasetHandle handle) {
    return GenerationLock.acquire(handle.uri(), handle.name(), progressOut);
  }

  private DatasetHandle prepare(String name, BufferAllocator allocator) {
    DatasetHandle handle;
    DatasetSpec spec = spec(name);
    String uri = location.uriOf(name);
    if (bucket != null) {
      // a shared bucket is not generated into by a benchmark run: it must hold the dataset
      bucket.require(name, spec.datagenArguments());
    }
    long start = System.nanoTime();
    DatasetState found;
    Optional<Path> folder = LocalFiles.localPath(uri);
    try (Progress progress = new Progress(progressOut, name, spec.expectedRows());
        GenerationLock lock = GenerationLock.acquire(uri, name, progressOut)) {
      boolean madeHere = folder.isPresent() && !Files.exists(folder.get());
      try {
        found = spec.ensure(new DatasetPlace(uri, storage, allocator), progress);
      } catch (RuntimeException e) {
        if (madeHere) {
          // all of it is this failed try's: nothing of it is left to be taken for a dataset
          try {
            LocalFiles.deleteRecursively(folder.get());
            progress.step("removed what the failed generation wrote at " + folder.get());
          } catch (IOException cleanup) {
            e.addSuppressed(cleanup);
          }
        }
        throw e;
      }
    }
    handle =
        new DatasetHandle(name, uri, LanceDatasets.countRows(uri, storage, allocator), storage);
    Map<String, Object> cost = new LinkedHashMap<>();
    if (found != DatasetState.COMPLETE) {
      cost.put(GENERATED_SECONDS, (System.nanoTime() - start) / 1e9);
    }
    folder.flatMap(DatasetCatalog::bytesOnDisk).ifPresent(bytes -> cost.put(DISK_BYTES, bytes));
    preparation.put(name, cost);
    ready.put(name, handle);
    return handle;
  }

  /**
   * An in-memory dataset ({@code mem-tpch}): written at {@code memory://<name>} the first time a
   * benchmark of this JVM asks (with progress, not measured), then the same open dataset for every
   * later one. It belongs to the catalog: the caller must not close it. Closed with the catalog.
   */
  public synchronized Dataset inMemory(String name) {
    Dataset open = resident.get(name);
    if (open != null) {
      return open;
    }
    DatasetDefinition definition =
        registry
            .findInMemory(name)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Unknown in-memory dataset '"
                            + name
                            + "'. Known: "
                            + registry.inMemoryNames()
                            + "."));
    DatasetSpec spec = definition.spec(settings);
    if (!(spec instanceof MemoryResident)) {
      throw new IllegalStateException("the dataset '" + name + "' cannot be written in memory");
    }
    if (residentAllocator == null) {
      residentAllocator = new RootAllocator();
    }
    String uri = "memory://" + name;
    long start = System.nanoTime();
    try (Progress progress = new Progress(progressOut, name, spec.expectedRows())) {
      progress.step(
          "writing "
              + spec.size()
              + " to "
              + uri
              + ", kept open for this JVM's benchmarks (not measured)");
      open = ((MemoryResident) spec).writeOpen(uri, residentAllocator, progress);
      progress.step(
          String.format(
              Locale.ROOT,
              "%,d rows in memory (%.1f s)",
              open.countRows(),
              (System.nanoTime() - start) / 1e9));
    }
    resident.put(name, open);
    residentSpecs.put(name, spec);
    preparation.put(name, Map.of(GENERATED_SECONDS, (System.nanoTime() - start) / 1e9));
    ready.put(name, new DatasetHandle(name, uri, open.countRows()));
    return open;
  }

  private static Optional<Long> bytesOnDisk(Path folder) {
    try (var files = Files.walk(folder)) {
      return Optional.of(
          files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum());
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty(); // the size is a planning aid: unknown when the folder cannot be read
    }
  }

  /** Whether this JVM has made {@code name} ready already (asking again costs nothing). */
  public synchronized boolean isReady(String name) {
    return ready.containsKey(name);
  }

  /** The seconds this JVM spent generating {@code name}; empty when it found it complete. */
  public synchronized Optional<Double> generatedSeconds(String name) {
    return Optional.ofNullable(preparation.get(name))
        .map(cost -> (Double) cost.get(GENERATED_SECONDS));
  }

  /** Closes the in-memory datasets (their memory goes with them). */
  public synchronized void close() {
    resident.values().forEach(Dataset::close);
    resident.clear();
    if (residentAllocator != null) {
      residentAllocator.close();
      residentAllocator = null;
    }
  }

  /** The datasets this run used, with their sizes and rows: for results.json. */
  public synchronized Map<String, Map<String, Object>> used() {
    Map<String, Map<String, Object>> used = new LinkedHashMap<>();
    ready.forEach(
        (name, handle) -> {
          Map<String, Object> facts = new LinkedHashMap<>();
          facts.put("uri", handle.uri());
          facts.put("rows", handle.rows());
          Optional.ofNullable(specs.getOrDefault(name, residentSpecs.get(name)))
              .ifPresent(s -> facts.putAll(s.size()));
          facts.putAll(preparation.getOrDefault(name, Map.of()));
          registry
              .find(name)
              .or(() -> registry.findInMemory(name))
              .ifPresent(
                  d ->
                      facts.put(
                          "default_size", d.sizeFrom(settings).compareTo(d.defaultSize()) == 0));
          used.put(name, facts);
        });
    return used;
  }
}
