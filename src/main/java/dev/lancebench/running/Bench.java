package dev.lancebench.running;

import java.nio.file.Path;
import java.nio.file.Files;
import java.io.UncheckedIOException;
import java.io.IOException;
import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.datasets.PageCache;
import dev.lancebench.measuring.Measured;
import dev.lancebench.measuring.Measurement;
import dev.lancebench.measuring.MeasurementSettings;
import dev.lancebench.measuring.MetricSource;
import dev.lancebench.measuring.MetricSources;
import dev.lancebench.measuring.Profiler;
import dev.lancebench.measuring.ScanStatsRecorder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.lance.Dataset;
import org.lance.Session;
import org.lance.ipc.ScanOptions;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The handle a benchmark method gets: {@code run(...)} measures a workload (through the measuring
 * engine, {@link Measurement}), {@code scan(...)} runs a Lance scan whose stats are recorded,
 * {@code dataset(name)} makes sure a dataset is there. It holds what was measured until the
 * extension turns it into the benchmark's one result.
 *
 * <p>One {@code run} per test invocation; its name is {@code ClassName.method[param-ids]}.
 */
public final class Bench implements AutoCloseable {
  private static final String BLACKHOLE_CHALLENGE =
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.";

  private final RunSession session;
  private MeasurementSettings settings;
  private final BufferAllocator allocator;
  private final ScanStatsRecorder scanStats = new ScanStatsRecorder();
  private final Blackhole blackhole = new Blackhole(BLACKHOLE_CHALLENGE);
  private final Map<String, Double> extras = new LinkedHashMap<>();
  private String name;
  private boolean ran;
  private Measured measured;
  private java.nio.file.Path profile;

  Bench(RunSession session, MeasurementSettings settings, String name) {
    this.session = session;
    this.settings = settings.withMinTimeAtLeast(session.config().minTime());
    this.name = name;
    this.allocator = session.allocator().newChildAllocator(name, 0, Long.MAX_VALUE);
  }

  void rename(String name) {
    this.name = name;
  }

  boolean ran() {
    return ran;
  }

  /** What was measured, once {@code run} returned; empty before or when it failed. */
  Optional<Measured> measured() {
    return Optional.ofNullable(measured);
  }

  /** The profile written for this benchmark, when the run is profiled and it was written. */
  Optional<String> profile() {
    return Optional.ofNullable(profile)
        .filter(java.nio.file.Files::isRegularFile)
        .map(p -> p.toAbsolutePath().toString());
  }

  Map<String, Double> extras() {
    return Map.copyOf(extras);
  }

  /** Whether this run profiles its benchmarks ({@code bench.profile}). */
  public boolean profiled() {
    return session.profiler().isPresent();
  }

  /** The stable benchmark name: the key in bmf.json, results.json and baselines. */
  public String name() {
    return name;
  }

  public MeasurementSettings settings() {
    return settings;
  }

  /** An Arrow allocator for this benchmark; closed (and checked for leaks) after the test. */
  public BufferAllocator allocator() {
    return allocator;
  }

  private Path scratch;

  /** The run's settings, read by their one set of rules (for a benchmark's own size setting). */
  public dev.lancebench.settings.Settings runSettings() {
    return session.config().settings();
  }

  /** The dataset {@code name} ("basic"), generated first if it is missing. Not measured. */
  public DatasetHandle dataset(String name) {
    return session.dataset(name);
  }

  /**
   * An in-memory dataset ({@code mem-tpch}, {@code mem-tpch-2.1}): written into {@code memory://}
   * the first time a benchmark of this JVM asks, not measured, then kept open for the others. It
   * belongs to the run: use it, do not close it.
   */
  public Dataset inMemoryDataset(String name) {
    return session.inMemoryDataset(name);
  }

  /**
   * A dataset this suite cannot generate (e.g. {@code image_eda}, only in the Google Cloud bucket),
   * when it exists at the dataset location; empty otherwise, so the benchmark can skip with a
   * reason.
   */
  public Optional<DatasetHandle> existingDataset(String name) {
    return session.existingDataset(name);
  }

  /**
   * A fresh folder under the dataset location for datasets this benchmark writes itself (so the
   * file columns count their IO), removed after the test. A benchmark that needs one is skipped,
   * with the reason, when the datasets are not in a local folder.
   */
  public Path scratchFolder() {
    if (scratch == null) {
      String base = session.datasetLocationBase();
      Path folder =
          LanceDatasets.localPath(base)
              .orElseThrow(
                  () ->
                      new org.opentest4j.TestAbortedException(
                          "this benchmark writes datasets of its own, in a local folder; the "
                              + "dataset location is " + base));
      Path made = folder.resolve(".scratch").resolve(name.replaceAll("[^A-Za-z0-9._-]", "_"));
      try {
        LanceDatasets.deleteRecursively(made);
        Files.createDirectories(made);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot make the scratch folder " + made, e);
      }
      scratch = made;
    }
    return scratch;
  }

  /** Where a dataset named {@code name} is (or would be): for skip messages. */
  public String datasetUri(String name) {
    return session.datasetUri(name);
  }

  /**
   * The run's random seed ({@code -Dbench.seed}, else drawn at random); printed once and recorded
   * in results.json, so a run's random choices can be repeated.
   */
  public long seed() {
    session.announceSeedOnce();
    return session.seed();
  }

  /**
   * Changes the measured invocations per round for this benchmark, before {@code run}: for a
   * parameterized benchmark whose cases need different counts.
   */
  public Bench iterations(int iterations) {
    if (ran) {
      throw new IllegalStateException("bench.iterations(...) in " + name + " comes after bench.run");
    }
    if (iterations < 1) {
      throw new IllegalArgumentException(
          "bench.iterations(" + iterations + ") in " + name + ": must be at least 1");
    }
    settings = settings.withIterations(iterations);
    return this;
  }

  /**
   * Changes the unmeasured warmup invocations for this benchmark, before {@code run}: for a
   * parameterized benchmark whose cases warm differently (a cold-cache case warms nothing).
   */
  public Bench warmup(int warmup) {
    if (ran) {
      throw new IllegalStateException("bench.warmup(...) in " + name + " comes after bench.run");
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("bench.warmup(" + warmup + ") in " + name + ": must be at least 0");
    }
    settings = settings.withWarmup(warmup);
    return this;
  }

  /** Opens the dataset (unmeasured), then measures {@code workload} on it. */
  public <R> R run(DatasetHandle dataset, DatasetWorkload<R> workload) {
    try (Dataset opened = dataset.open(allocator)) {
      return run(opened, workload);
    }
  }

  /**
   * Measures {@code workload} on the dataset in a cache state. {@link Cache#cache}: opened once,
   * as {@link #run(DatasetHandle, DatasetWorkload)}. {@link Cache#no_cache}: before every
   * invocation, untimed, the dataset is opened again with a fresh Lance session and (when local)
   * its files are dropped from the page cache.
   */
  public <R> R run(DatasetHandle dataset, Cache cache, DatasetWorkload<R> workload) {
    return inCacheState(dataset, cache, null, workload);
  }

  /**
   * The same in a cache state, with {@code setup} before every invocation (after the reopen of a
   * {@code no_cache} one), outside the timer and every counter: pick the next query, say.
   */
  public <R> R run(DatasetHandle dataset, Cache cache, Setup setup, DatasetWorkload<R> workload) {
    return inCacheState(dataset, cache, java.util.Objects.requireNonNull(setup, "setup"), workload);
  }

  /** {@code setup} may be null: then the counters are read around each round, not invocation. */
  private <R> R inCacheState(
      DatasetHandle dataset, Cache cache, Setup setup, DatasetWorkload<R> workload) {
    if (cache == Cache.cache) {
      try (Dataset opened = dataset.open(allocator)) {
        return measure(setup == null ? null : setup::run, () -> workload.run(opened));
      }
    }
    PageCache.whyNotDroppable(dataset.uri()).ifPresent(why -> session.note("no_cache: " + why));
    boolean dropPages = PageCache.whyNotDroppable(dataset.uri()).isEmpty();
    ColdOpen cold = new ColdOpen(dataset, dropPages);
    try (cold) {
      return measure(
          () -> {
            cold.reopen();
            if (setup != null) {
              setup.run();
            }
          },
          () -> workload.run(cold.dataset));
    }
  }

  /** The dataset of a no_cache invocation, opened again before each one. */
  private final class ColdOpen implements AutoCloseable {
    private final DatasetHandle handle;
    private final boolean dropPages;
    private Session lanceSession;
    private Dataset dataset;

    ColdOpen(DatasetHandle handle, boolean dropPages) {
      this.handle = handle;
      this.dropPages = dropPages;
    }

    void reopen() {
      close();
      lanceSession = Session.create();
      dataset = LanceDatasets.open(handle.uri(), handle.storage(), allocator, lanceSession);
      if (dropPages) {
        // after the open: the manifest it read is parsed; what the workload reads is cold
        PageCache.drop(handle.uri());
      }
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

  /** Measures {@code workload} on an open dataset. Returns the last measured invocation's result. */
  public <R> R run(Dataset dataset, DatasetWorkload<R> workload) {
    return measure(null, () -> workload.run(dataset));
  }

  /** Measures {@code workload}. Returns the last measured invocation's result. */
  public <R> R run(Workload<R> workload) {
    return measure(null, workload::run);
  }

  /**
   * Measures {@code workload}, running {@code setup} before every invocation outside the timer and
   * outside every counter (restore a version, draw fresh row ids, drop caches).
   */
  public <R> R run(Setup setup, Workload<R> workload) {
    return measure(setup::run, workload::run);
  }

  /**
   * Runs a Lance scan to the end and returns its row count. The scan collects Lance's stats, which
   * count toward read_iops and read_bytes when it runs inside a measured round.
   */
  public long scan(Dataset dataset, ScanOptions options) {
    return LanceScans.scan(dataset, options, scanStats::record, blackhole::consume);
  }

  private <R> R measure(Measurement.Setup setup, Measurement.Invocation<R> workload) {
    if (ran) {
      throw new IllegalStateException(
          "bench.run was already called in "
              + name
              + ": one measured run per benchmark invocation. Split the measurements into "
              + "separate test methods or parameters.");
    }
    ran = true;
    session.primeBeforeMeasuring();
    List<MetricSource> sources =
        MetricSources.standard(
            scanStats, session.tracker(), session.whyNoTracker(), session::whyNoFileIo);
    Measurement<R> measurement =
        new Measurement<>(settings, sources, blackhole::consume, System::nanoTime);
    session
        .profiler()
        .ifPresent(
            profiler -> {
              profile =
                  Profiler.outputFor(
                      session.config().outputDir().resolve("profiles"), name, profiler.plan());
              measurement.window(
                  profiler.window(profile, name + " (" + profiler.plan().description() + ")"));
            });
    try {
      measured = measurement.run(setup, workload);
      return measurement.lastResult();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new BenchmarkException("workload of " + name + " failed", e);
    } finally {
      for (MetricSource source : sources) {
        source.close();
      }
    }
  }

  /**
   * Adds a number the benchmark derived from its own measurement (e.g. an A/B ratio). It goes to
   * bmf.json as a measure of this benchmark, to results.json and under the table. Call after run.
   */
  public void extra(String key, double value) {
    if (measured == null) {
      throw new IllegalStateException(
          "bench.extra(\"" + key + "\") in " + name + " needs a measurement: call bench.run first");
    }
    extras.put(key, value);
  }

  /**
   * The measured invocations' wall times, in order, after {@code run} (empty before). A benchmark
   * that alternates two variants between invocations can compare them from these.
   */
  public List<Long> samplesNanos() {
    return measured == null ? List.of() : measured.samplesNanos();
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getName() + (message == null ? "" : ": " + message.strip());
  }

  @Override
  public void close() {
    try {
      if (scratch != null) {
        LanceDatasets.deleteRecursively(scratch);
      }
    } catch (IOException e) {
      // left where the next run of this benchmark removes it first
    } finally {
      allocator.close();
    }
  }
}
