package dev.lancebench.running;

import dev.lancebench.datasets.DatasetCatalog;
import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.DatasetLocation;
import dev.lancebench.datasets.GoogleCloud;
import dev.lancebench.measuring.BenchmarkResult;
import dev.lancebench.measuring.NativeAllocationTracker;
import dev.lancebench.reporting.ReportWriter;
import dev.lancebench.reporting.RunMetadata;
import dev.lancebench.reporting.RunReport;
import java.io.PrintStream;
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
  private final Map<String, BenchmarkResult> results = new LinkedHashMap<>();
  private final Set<String> notes = new LinkedHashSet<>();
  private final Optional<NativeAllocationTracker> tracker;
  private final String whyNoTracker;
  private DatasetCatalog catalog;
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
  }

  Optional<NativeAllocationTracker> tracker() {
    return tracker;
  }

  String whyNoTracker() {
    return whyNoTracker;
  }

  static RunSession start(RunConfig config, PrintStream console) {
    // The first use of lance-core extracts its ~181 MB native library to the temp folder: do it
    // here, before any measurement, so nobody's IO numbers carry it.
    JniLoader.ensureLoaded();
    return new RunSession(config, console);
  }

  RunConfig config() {
    return config;
  }

  BufferAllocator allocator() {
    return allocator;
  }

  private DatasetCatalog catalog() {
    if (catalog == null) {
      catalog =
          new DatasetCatalog(
              DatasetLocation.resolve(
                  config.dataSetting(),
                  GoogleCloud.of(config.gcpDmi(), config.gcpMetadata())),
              config.basicRows(),
              config.tpchScaleFactor(),
              config.storage(),
              console);
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

  /** The run's random seed: bench.seed, or one drawn at random, printed the first time it is used. */
  synchronized long seed() {
    if (!seedAnnounced) {
      seedAnnounced = true;
      console.println(
          "lance-bench: random seed "
              + seed
              + (config.seed().isPresent() ? " (bench.seed)" : "")
              + "; repeat this run's choices with -D"
              + RunConfig.SEED
              + "="
              + seed);
    }
    return seed;
  }

  synchronized void note(String note) {
    notes.add(note);
  }

  synchronized void record(BenchmarkResult result) {
    BenchmarkResult earlier = results.get(result.name());
    if (earlier != null) {
      throw new IllegalStateException(
          "Benchmark name '"
              + result.name()
              + "' was measured twice in this run; names are the keys of bmf.json and baselines. "
              + "Give the test's parameters distinct string forms, or call bench.run once per test.");
    }
    results.put(result.name(), result);
  }

  synchronized boolean has(String name) {
    return results.containsKey(name);
  }

  /** Marks a recorded result failed or skipped (a check or assumption after the measurement). */
  synchronized void mark(String name, BenchmarkResult.Status status, String why) {
    BenchmarkResult result = results.get(name);
    if (result != null && result.passed()) {
      results.put(name, result.withStatus(status, why));
    }
  }

  synchronized void extra(String name, String key, double value) {
    BenchmarkResult result = results.get(name);
    if (result != null) {
      results.put(name, result.withExtra(key, value));
    }
  }

  synchronized RunReport report() {
    String location = catalog == null ? "(no dataset used)" : catalog.location().base();
    String decidedBy = catalog == null ? "" : catalog.location().decidedBy();
    return new RunReport(
        RunMetadata.collect(started, location, decidedBy, seed),
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
