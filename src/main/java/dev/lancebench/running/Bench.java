package dev.lancebench.running;

import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.LocalFiles;
import dev.lancebench.datasets.PageCache;
import dev.lancebench.measuring.BenchResult;
import dev.lancebench.measuring.Invocation;
import dev.lancebench.measuring.Measured;
import dev.lancebench.measuring.MeasurementSettings;
import dev.lancebench.measuring.Setup;
import dev.lancebench.settings.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.lance.Dataset;
import org.lance.ipc.ScanOptions;
import org.opentest4j.TestAbortedException;

/**
 * The handle a benchmark method gets: {@code run(...)} measures a workload, {@code scan(...)} runs
 * a Lance scan whose stats are recorded, {@code dataset(name)} makes sure a dataset is there. After
 * the test it hands the extension the benchmark's one result.
 *
 * <p>One {@code run} per test invocation; its name is {@code ClassName.method[param-ids]}.
 * Per-invocation state is what a {@link Setup} returns: {@code bench.run(() -> prepare(), state ->
 * work(state))}; an {@link AutoCloseable} state is closed after its invocation, untimed.
 */
public final class Bench implements AutoCloseable {
  private final RunSession session;
  private final BenchMeasurement measurement;
  private MeasurementSettings settings;
  private final BufferAllocator allocator;
  private final Map<String, Double> extras = new LinkedHashMap<>();
  private String name;
  private boolean ran;
  private Measured measured;
  private Path scratch;
  private boolean inAnotherShard;

  Bench(RunSession session, MeasurementSettings settings, String name) {
    this.session = session;
    this.measurement = new BenchMeasurement(session);
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

  /**
   * The benchmark's one result: passed, or failed or skipped with {@code failure} (empty when the
   * test passed), with what was measured and the profile written for it.
   */
  BenchResult result(Optional<Throwable> failure) {
    BenchResult.Status status =
        failure.isEmpty()
            ? BenchResult.Status.PASSED
            : failure.get() instanceof TestAbortedException
                ? BenchResult.Status.SKIPPED
                : BenchResult.Status.FAILED;
    String why =
        failure
            .map(f -> status == BenchResult.Status.SKIPPED ? f.getMessage() : describe(f))
            .orElse(null);
    String profile =
        measurement
            .profile(name)
            .filter(Files::isRegularFile)
            .map(p -> p.toAbsolutePath().toString())
            .orElse(null);
    return new BenchResult(name, status, why, settings, measured, extras, profile);
  }

  /** Whether this run profiles its benchmarks ({@code bench.profile}). */
  public boolean profiled() {
    return session.instruments().profiler().isPresent();
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

  /** This case runs in another shard of the run: it is skipped and records no result. */
  void notInThisShard() {
    inAnotherShard = true;
  }

  boolean inAnotherShard() {
    return inAnotherShard;
  }

  /** The run's settings, read by their one set of rules (for a benchmark's own size setting). */
  public Settings runSettings() {
    return session.config().settings();
  }

  /** The dataset {@code name} ("basic"), generated first if it is missing. Not measured. */
  public DatasetHandle dataset(String name) {
    return session.datasets().require(name);
  }

  /**
   * An in-memory dataset ({@code mem-tpch}, {@code mem-tpch-2.1}): written into {@code memory://}
   * the first time a benchmark of this JVM asks, not measured, then kept open for the others. It
   * belongs to the run: use it, do not close it.
   */
  public Dataset inMemoryDataset(String name) {
    return session.datasets().inMemory(name);
  }

  /**
   * A dataset this suite cannot generate (e.g. {@code image_eda}, only in the Google Cloud bucket),
   * when it exists at the dataset location; empty otherwise, so the benchmark can skip with a
   * reason.
   */
  public Optional<DatasetHandle> existingDataset(String name) {
    return session.datasets().existing(name);
  }

  /**
   * Holds {@code dataset}'s lock until closed, for a benchmark that writes to a dataset the run
   * shares (merges into {@code merge_insert_narrow}): another run writing or generating it waits,
   * saying so, rather than both failing with Lance's conflict of concurrent transactions. Taken
   * outside the measurement.
   */
  public AutoCloseable writing(DatasetHandle dataset) {
    return session.datasets().writing(dataset);
  }

  /** Where a dataset named {@code name} is (or would be): for skip messages. */
  public String datasetUri(String name) {
    return session.datasets().uriOf(name);
  }

  /**
   * A fresh folder under the dataset location for datasets this benchmark writes itself (so the
   * file columns count their IO), removed after the test. A benchmark that needs one is skipped,
   * with the reason, when the datasets are not in a local folder.
   */
  public Path scratchFolder() {
    if (scratch == null) {
      String base = session.datasets().locationBase();
      Path folder =
          LocalFiles.localPath(base)
              .orElseThrow(
                  () ->
                      new TestAbortedException(
                          "this benchmark writes datasets of its own, in a local folder; the "
                              + "dataset location is "
                              + base));
      Path made = folder.resolve(".scratch").resolve(name.replaceAll("[^A-Za-z0-9._-]", "_"));
      try {
        LocalFiles.deleteRecursively(made);
        Files.createDirectories(made);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot make the scratch folder " + made, e);
      }
      scratch = made;
    }
    return scratch;
  }

  /**
   * The run's random seed ({@code -Dbench.seed}, else drawn from the run id); printed once and
   * recorded in results.json, so a run's random choices can be repeated.
   */
  public long seed() {
    session.announceSeedOnce();
    return session.seed();
  }

  /**
   * Changes the measured rounds for this benchmark, before {@code run}: for a parameterized
   * benchmark whose cases are measured a different number of times (upstream measures a
   * whole-fragment rewrite once, a small update three times).
   */
  public Bench rounds(int rounds) {
    requireNotRan("bench.rounds(...)");
    if (rounds < 1) {
      throw new IllegalArgumentException(
          "bench.rounds(" + rounds + ") in " + name + ": must be at least 1");
    }
    settings = settings.withRounds(rounds);
    return this;
  }

  /**
   * Changes the measured invocations per round for this benchmark, before {@code run}: for a
   * parameterized benchmark whose cases need different counts.
   */
  public Bench iterations(int iterations) {
    requireNotRan("bench.iterations(...)");
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
    requireNotRan("bench.warmup(...)");
    if (warmup < 0) {
      throw new IllegalArgumentException(
          "bench.warmup(" + warmup + ") in " + name + ": must be at least 0");
    }
    settings = settings.withWarmup(warmup);
    return this;
  }

  private void requireNotRan(String call) {
    if (ran) {
      throw new IllegalStateException(call + " in " + name + " comes after bench.run");
    }
  }

  /** Measures {@code workload}. Returns the last measured invocation's result. */
  public <R> R run(Callable<R> workload) {
    return measure(null, state -> workload.call());
  }

  /**
   * Measures {@code workload}, running {@code setup} before every invocation outside the timer and
   * outside every counter (restore a version, draw fresh row ids); what the setup returns is the
   * invocation's state, closed after it when it is {@link AutoCloseable}.
   */
  public <S, R> R run(Setup<S> setup, Invocation<S, R> workload) {
    return measure(Objects.requireNonNull(setup, "setup"), workload);
  }

  /** Opens the dataset (unmeasured), then measures {@code workload} on it. */
  public <R> R run(DatasetHandle dataset, Invocation<Dataset, R> workload) {
    try (Dataset opened = dataset.open(allocator)) {
      return run(opened, workload);
    }
  }

  /**
   * Measures {@code workload} on an open dataset. Returns the last measured invocation's result.
   */
  public <R> R run(Dataset dataset, Invocation<Dataset, R> workload) {
    return measure(null, state -> workload.run(dataset));
  }

  /**
   * Measures {@code workload} on the dataset in a cache state, as upstream's {@code use_cache}
   * parameter does. {@link Cache#cache}: opened once, as {@link #run(DatasetHandle, Invocation)}.
   * {@link Cache#no_cache}: before every invocation, untimed, the dataset's files are dropped from
   * the page cache (when local); the invocation then opens the dataset in a fresh Lance session and
   * runs the workload on it, both timed.
   */
  public <R> R run(DatasetHandle dataset, Cache cache, Invocation<Dataset, R> workload) {
    return inCacheState(dataset, cache, null, (opened, none) -> workload.run(opened));
  }

  /**
   * The same in a cache state, with {@code setup} before every invocation (after the page cache of
   * a {@code no_cache} one is dropped), outside the timer and every counter: pick the next query,
   * say.
   */
  public <S, R> R run(
      DatasetHandle dataset, Cache cache, Setup<S> setup, DatasetWorkload<S, R> workload) {
    return inCacheState(dataset, cache, Objects.requireNonNull(setup, "setup"), workload);
  }

  /**
   * Measures {@code workload} on the dataset opened inside every timed invocation in a fresh Lance
   * session, the page cache left as it is: upstream's "cold" count_rows (an empty index cache, not
   * a cold disk). Warm nothing: set {@code warmup(0)} as upstream does.
   */
  public <R> R runOpeningEachTime(DatasetHandle dataset, Invocation<Dataset, R> workload) {
    return opening(dataset, false, null, (opened, none) -> workload.run(opened));
  }

  /** {@code setup} may be null: then the counters are read around each round, not invocation. */
  private <S, R> R inCacheState(
      DatasetHandle dataset, Cache cache, Setup<S> setup, DatasetWorkload<S, R> workload) {
    if (cache == Cache.cache) {
      try (Dataset opened = dataset.open(allocator)) {
        return measure(setup, state -> workload.run(opened, state));
      }
    }
    Optional<String> whyNot = PageCache.whyNotDroppable(dataset.uri());
    whyNot.ifPresent(why -> session.note("no_cache: " + why));
    return opening(dataset, whyNot.isEmpty(), setup, workload);
  }

  /**
   * Every invocation opens the dataset in a fresh session, timed; the untimed setup first drops the
   * dataset's pages when asked, then runs the benchmark's own setup.
   */
  private <S, R> R opening(
      DatasetHandle dataset, boolean dropPages, Setup<S> setup, DatasetWorkload<S, R> workload) {
    return measure(
        () -> {
          if (dropPages) {
            PageCache.drop(dataset.uri());
          }
          return new ColdOpen<>(dataset, allocator, setup == null ? null : setup.prepare());
        },
        cold -> workload.run(cold.open(), cold.state()));
  }

  /**
   * Runs a Lance scan to the end and returns its row count. The scan collects Lance's stats, which
   * count toward read_iops and read_bytes when it runs inside a measured round.
   */
  public long scan(Dataset dataset, ScanOptions options) {
    return measurement.scan(dataset, options);
  }

  private <S, R> R measure(Setup<S> setup, Invocation<S, R> workload) {
    if (ran) {
      throw new IllegalStateException(
          "bench.run was already called in "
              + name
              + ": one measured run per benchmark invocation. Split the measurements into "
              + "separate test methods or parameters.");
    }
    ran = true;
    try {
      BenchMeasurement.Ran<R> done = measurement.measure(name, settings, setup, workload);
      measured = done.measured();
      return done.last();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new BenchmarkException("workload of " + name + " failed", e);
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
        LocalFiles.deleteRecursively(scratch);
      }
    } catch (IOException e) {
      // left where the next run of this benchmark removes it first
    } finally {
      allocator.close();
    }
  }
}
