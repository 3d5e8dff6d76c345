package dev.lancebench.running;

import dev.lancebench.datasets.BucketDatasets;
import dev.lancebench.catalog.DatasetCatalog;
import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.DatasetLocation;
import dev.lancebench.datasets.GoogleCloud;
import dev.lancebench.measuring.BenchResult;
import dev.lancebench.measuring.NativeAllocationTracker;
import dev.lancebench.measuring.Profiler;
import dev.lancebench.reporting.ReportWriter;
import dev.lancebench.reporting.RunMetadata;
import dev.lancebench.reporting.RunReport;
import dev.lancebench.settings.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lance.JniLoader;

/**
 * One run of benchmarks: created lazily in the root store by the first benchmark, closed by JUnit
 * when the run ends, which is when the reports are written. That works the same under Maven, an IDE
 * and EngineTestKit.
 */
public final class RunSession implements AutoCloseable {
  private final RunConfig config;
  private final PrintStream console;
  private final Instant started = Instant.now();
  private final BufferAllocator allocator = new RootAllocator();
  private final Map<String, BenchResult> results = new LinkedHashMap<>();
  private final Set<String> notes = new LinkedHashSet<>();
  private final Optional<NativeAllocationTracker> tracker;
  private final String whyNoTracker;
  private DatasetCatalog catalog;
  private final Optional<Profiler> profiler;
  private final long seed;
  private boolean seedAnnounced;

  private RunSession(RunConfig config, PrintStream console) {
    this.config = config;
    this.console = console;
    this.seed = config.seed().orElseGet(() -> new java.security.SecureRandom().nextLong());
    this.tracker = NativeAllocationTracker.inProcess();
    this.whyNoTracker =
        tracker.isPresent()
            ? null
            : NativeAllocationTracker.whyUnavailable(
                System.getenv(),
                Optional.ofNullable(System.getProperty(NativeAllocationTracker.LIBRARY_PROPERTY)));
    this.profiler = config.profile().flatMap(this::loadProfiler);
  }

  /**
   * The profiler, or empty with a note. nativemem and the allocation tracker both intercept
   * malloc: rather than two tools measuring each other, the combination is refused.
   */
  private Optional<Profiler> loadProfiler(Profiler.Plan plan) {
    if (plan.records("nativemem") && tracker.isPresent()) {
      throw new IllegalStateException(
          "Configuration error: bench.profile=nativemem and -Dbench.memtrack both intercept malloc, "
              + "and would count each other. Drop -Dbench.memtrack for the flame graph of where native "
              + "memory goes, or drop nativemem from bench.profile for the tracker's numbers.");
    }
    try {
      Profiler loaded = Profiler.load(plan);
      notes.add(
          "Profiled run ("
              + plan.description()
              + "): the profiler's cost is in every timing; "
              + (config.profiledInBmf()
                  ? "results kept in bmf.json as -Dbench.profile.bmf asks"
                  : "bmf.json holds no results (-Dbench.profile.bmf=true keeps them)"));
      return Optional.of(loaded);
    } catch (Profiler.UnavailableException e) {
      notes.add(e.getMessage());
      return Optional.empty();
    }
  }

  Optional<Profiler> profiler() {
    return profiler;
  }

  static RunSession start(RunConfig config, PrintStream console) {
    ensureTempFolder();
    // The first use of lance-core extracts its ~181 MB native library to the temp folder: do it
    // here, before any measurement, so nobody's IO numbers carry it.
    JniLoader.ensureLoaded();
    return new RunSession(config, console);
  }

  /**
   * The build points java.io.tmpdir into target/ (where lance-core's extracted library is cleaned
   * with the build); an IDE that imports that flag without running the build needs the folder made.
   */
  private static void ensureTempFolder() {
    try {
      Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create the temp folder java.io.tmpdir=" + System.getProperty("java.io.tmpdir"), e);
    }
  }

  Optional<NativeAllocationTracker> tracker() {
    return tracker;
  }

  String whyNoTracker() {
    return whyNoTracker;
  }

  RunConfig config() {
    return config;
  }

  BufferAllocator allocator() {
    return allocator;
  }

  /** Warms the JVM's Lance paths once per process, before the first measurement (bench.prime). */
  void primeBeforeMeasuring() {
    if (config.prime()) {
      JvmPrimer.primeOnce(console);
    }
  }

  private synchronized DatasetCatalog catalog() {
    if (catalog == null) {
      Settings settings = config.settings();
      DatasetLocation location =
          DatasetLocation.resolve(
              settings.get(Settings.DATA),
              GoogleCloud.of(settings.get(Settings.GCP_DMI), settings.get(Settings.GCP_METADATA)));
      BucketDatasets bucket =
          BucketDatasets.appliesTo(location.base(), config.storage())
              ? BucketDatasets.withDefaultCredentials(location.base())
              : null;
      catalog =
          new DatasetCatalog(
              location, config.registry(), settings, config.storage(), console, bucket);
    }
    return catalog;
  }

  synchronized DatasetHandle dataset(String name) {
    return catalog().require(name, allocator);
  }

  synchronized String datasetUri(String name) {
    return catalog().location().uriOf(name);
  }

  synchronized Optional<DatasetHandle> existingDataset(String name) {
    return catalog().existing(name, allocator);
  }

  /** The run's random seed: bench.seed, or one drawn at random. */
  long seed() {
    return seed;
  }

  /** Prints the seed the first time a benchmark uses it, so a run's choices can be repeated. */
  synchronized void announceSeedOnce() {
    if (!seedAnnounced) {
      seedAnnounced = true;
      console.println(
          "lance-bench: random seed "
              + seed
              + (config.seed().isPresent() ? " (bench.seed)" : "")
              + "; repeat this run's choices with -D"
              + Settings.SEED.key()
              + "="
              + seed);
    }
  }

  synchronized void note(String note) {
    notes.add(note);
  }

  /** Records a benchmark's one result. */
  synchronized void record(BenchResult result) {
    if (results.containsKey(result.name())) {
      throw new IllegalStateException(
          "Benchmark name '"
              + result.name()
              + "' was measured twice in this run; names are the keys of bmf.json and baselines. "
              + "Give the test's parameters distinct string forms, or call bench.run once per test.");
    }
    results.put(result.name(), result);
    result.unavailable().values().forEach(notes::add);
  }

  synchronized RunReport report() {
    String location = catalog == null ? "(no dataset used)" : catalog.location().base();
    String decidedBy = catalog == null ? "" : catalog.location().decidedBy();
    Map<String, Map<String, Object>> datasets = catalog == null ? Map.of() : catalog.used();
    profiler.flatMap(Profiler::note).ifPresent(notes::add);
    return new RunReport(
        RunMetadata.collect(
            started,
            location,
            decidedBy,
            seed,
            datasets,
            profiler.map(p -> p.plan().description()),
            config.profiledInBmf()),
        new ArrayList<>(results.values()),
        new ArrayList<>(notes));
  }

  @Override
  public void close() {
    List<String> problems;
    try {
      problems =
          new ReportWriter(config.bmfFile(), config.resultsFile(), console, config.printTable())
              .writeAll(report());
    } finally {
      try {
        allocator.close();
      } catch (RuntimeException e) {
        console.println("lance-bench: Arrow memory was still allocated at the end of the run: " + e);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("\n", problems));
    }
  }
}
