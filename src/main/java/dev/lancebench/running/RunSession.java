package dev.lancebench.running;

import dev.lancebench.datasets.BucketDatasets;
import dev.lancebench.catalog.DatasetCatalog;
import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.DatasetLocation;
import dev.lancebench.datasets.GoogleCloud;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.measuring.BenchResult;
import dev.lancebench.measuring.NativeAllocationTracker;
import dev.lancebench.measuring.Profiler;
import dev.lancebench.reporting.Baseline;
import dev.lancebench.reporting.ReportWriter;
import dev.lancebench.reporting.RunJournal;
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
  private final Set<String> notes = new LinkedHashSet<>();
  private final Set<String> recorded = new LinkedHashSet<>();
  private final RunJournal journal;
  private final Thread shutdownHook = new Thread(this::writePartialReports, "lance-bench-reports");
  private boolean closed;
  private final Optional<NativeAllocationTracker> tracker;
  private final String whyNoTracker;
  private DatasetCatalog catalog;
  private final Optional<Profiler> profiler;
  private final long seed;
  private boolean seedAnnounced;
  private boolean filesWatched;
  /** Why the comparison cannot be made, or null: said at the start, and fails the run at its end. */
  private String baselineProblem;

  /**
   * The run's copy of the compared baseline, taken by its first JVM: every JVM of the run compares
   * with the same numbers even when the run saves a baseline of the same name.
   */
  static final String COMPARED_BASELINE = "compared-baseline.json";

  /** The run's copy of its i-th compared baseline run. */
  static Path copyOfBaseline(RunConfig config, int i) {
    return config
        .outputDir()
        .resolve(i == 0 ? COMPARED_BASELINE : COMPARED_BASELINE.replace(".json", "-" + (i + 1) + ".json"));
  }

  /** What a new run removes before it writes: an earlier run's reports and compared baselines. */
  private static List<Path> earlierOutputs(RunConfig config) {
    List<Path> outputs = new ArrayList<>(List.of(config.bmfFile(), config.resultsFile(), config.htmlFile()));
    for (int i = 0; i < Math.max(1, config.baselines().compareFiles().size()); i++) {
      outputs.add(copyOfBaseline(config, i));
    }
    return outputs;
  }

  private RunSession(RunConfig config, PrintStream console) {
    this.config = config;
    this.console = console;
    // without bench.seed, one drawn from the run id: every JVM of a run (one per benchmark class
    // under Maven) makes the same choices, and results.json's seed is the run's
    this.seed =
        config
            .seed()
            .orElseGet(
                () ->
                    java.util.UUID.nameUUIDFromBytes(
                            config.runId().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .getMostSignificantBits());
    this.tracker = NativeAllocationTracker.inProcess();
    this.whyNoTracker =
        tracker.isPresent()
            ? null
            : NativeAllocationTracker.whyUnavailable(
                System.getenv(),
                Optional.ofNullable(System.getProperty(NativeAllocationTracker.LIBRARY_PROPERTY)));
    this.journal =
        RunJournal.open(
            config.outputDir(),
            config.runId(),
            earlierOutputs(config));
    List<Path> compared = config.baselines().compareFiles();
    for (int i = 0; i < compared.size(); i++) {
      copyBaseline(compared.get(i), copyOfBaseline(config, i));
    }
    this.profiler = config.profile().flatMap(this::loadProfiler);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    FinishRun.leaveForTheLauncher(config);
  }

  /**
   * The run's first JVM checks each compared baseline and copies it for the run, before anything
   * is measured; later JVMs find the copy and parse nothing until their reports. One that cannot be
   * used is said at once; the run still measures and writes every report, then fails with the
   * same message.
   */
  private void copyBaseline(Path source, Path copy) {
    if (Files.isRegularFile(copy)) {
      return;
    }
    try {
      Baseline.load(source); // the checks and their messages name the file asked for
      Files.copy(source, copy);
    } catch (Baseline.BaselineException e) {
      baselineProblem("The comparison was not made: " + e.getMessage());
    } catch (IOException e) {
      baselineProblem(
          "The comparison was not made: copying the baseline " + source.toAbsolutePath() + " to "
              + copy.toAbsolutePath() + " failed (" + e + ").");
    }
  }

  private void baselineProblem(String problem) {
    baselineProblem = baselineProblem == null ? problem : baselineProblem + "\n" + problem;
    console.println("lance-bench: " + problem + " The benchmarks run and their reports are "
        + "written all the same; the run then fails with this message.");
  }

  /** The compared baseline runs, read from the run's copies when the reports are written. */
  private List<Baseline> comparedBaselines() {
    List<Path> sources = config.baselines().compareFiles();
    List<Baseline> loaded = new ArrayList<>();
    for (int i = 0; i < sources.size() && baselineProblem == null; i++) {
      try {
        loaded.add(Baseline.loadAs(copyOfBaseline(config, i), sources.get(i)));
      } catch (Baseline.BaselineException e) {
        baselineProblem("The comparison was not made: " + e.getMessage());
      }
    }
    return baselineProblem == null ? loaded : List.of();
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
      note(
          "Profiled run ("
              + plan.description()
              + "): the profiler's cost is in every timing; "
              + (config.profiledInBmf()
                  ? "results kept in bmf.json as -Dbench.profile.bmf asks"
                  : "bmf.json holds no results (-Dbench.profile.bmf=true keeps them)"));
      return Optional.of(loaded);
    } catch (Profiler.UnavailableException e) {
      note(e.getMessage());
      return Optional.empty();
    }
  }

  Optional<Profiler> profiler() {
    return profiler;
  }

  static RunSession start(RunConfig config, PrintStream console) {
    requireArrowAccess();
    ensureTempFolder();
    // The first use of lance-core extracts its ~181 MB native library to the temp folder: do it
    // here, before any measurement, so nobody's IO numbers carry it.
    JniLoader.ensureLoaded();
    return new RunSession(config, console);
  }

  /**
   * Arrow reads direct buffers reflectively: without {@code --add-opens=java.base/java.nio=
   * ALL-UNNAMED} the first Arrow allocation fails deep inside with "Could not initialize class
   * MemoryUtil". Said before the first benchmark, with the flag to add.
   */
  static void requireArrowAccess() {
    if (!java.nio.ByteBuffer.class.getModule().isOpen("java.nio", RunSession.class.getModule())) {
      throw new org.junit.jupiter.api.extension.ExtensionConfigurationException(
          "Configuration error: Arrow needs the JVM option --add-opens=java.base/java.nio=ALL-UNNAMED, "
              + "and this JVM was started without it. Maven's surefire argLine has it (and IDEs "
              + "import it from the pom); another launcher needs it in its JVM options (an IDE run "
              + "configuration's VM options, or java --add-opens=java.base/java.nio=ALL-UNNAMED ...).");
    }
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

  /**
   * Why the file IO of this run's datasets cannot be counted, or empty when it is (the tracker is
   * then watching the local dataset folder). Resolves the dataset location on first use.
   */
  synchronized Optional<String> whyNoFileIo() {
    String prefix = "File IO not counted: ";
    if (tracker.isEmpty()) {
      return Optional.of(prefix + "the preloaded tracker is not loaded (run with -Dbench.memtrack)");
    }
    String base;
    try {
      base = catalog().location().base();
    } catch (RuntimeException e) {
      return Optional.of(prefix + "the dataset location could not be resolved (" + e.getMessage() + ")");
    }
    Optional<Path> folder = LanceDatasets.localPath(base).map(p -> p.toAbsolutePath().normalize());
    if (folder.isEmpty()) {
      return Optional.of(
          prefix + "the datasets are at " + base + ", not in a local folder"
              + (base.startsWith("file+uring:") ? " read with read calls (io_uring bypasses them)" : "")
              + "; the file columns count calls on local files");
    }
    if (!filesWatched) {
      tracker.get().watchFiles(folder.get());
      filesWatched = true;
    }
    return Optional.empty();
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
              ? BucketDatasets.withRunCredentials(location.base(), config.storage())
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

  synchronized org.lance.Dataset inMemoryDataset(String name) {
    return catalog().inMemory(name);
  }

  synchronized String datasetLocationBase() {
    return catalog().location().base();
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
    if (notes.add(note)) {
      journal.note(note);
    }
  }

  /** A benchmark begins: journaled, so a JVM that dies in it leaves a trace. */
  synchronized void benchmarkStarting(String name) {
    journal.started(name);
  }

  /** Records a benchmark's one result, durably at once. */
  synchronized void record(BenchResult result) {
    if (!recorded.add(result.name())) {
      throw new IllegalStateException(
          "Benchmark name '"
              + result.name()
              + "' was measured twice in this run; names are the keys of bmf.json and baselines. "
              + "Give the test's parameters distinct string forms, or call bench.run once per test.");
    }
    journal.finished(result);
    result.unavailable().values().forEach(this::note);
  }

  /**
   * The run so far, from the journal: every JVM's results, and a failed result for each benchmark
   * whose JVM died in it (or, with {@code interrupted}, that this JVM was running when stopped).
   */
  synchronized RunReport report(String interrupted) {
    Map<String, Object> facts = new LinkedHashMap<>();
    if (catalog != null) {
      Map<String, Map<String, Object>> used = catalog.used();
      journal.datasets(used);
      used.forEach(
          (name, dataset) -> {
            if (Boolean.FALSE.equals(dataset.get("default_size"))) {
              note(
                  "The '" + name + "' dataset is not at its default size ("
                      + dataset.get("rows") + " rows): these numbers are not comparable with a "
                      + "default-size run's (the CI upload refuses them unless BENCH_ALLOW_OTHER_SIZES=true)");
            }
          });
      facts.put(JournalReports.LOCATION, catalog.location().base());
      facts.put(JournalReports.DECIDED_BY, catalog.location().decidedBy());
    }
    facts.put(JournalReports.SEED, seed);
    profiler.ifPresent(p -> facts.put(JournalReports.PROFILED, p.plan().description()));
    facts.put(JournalReports.PROFILED_IN_BMF, config.profiledInBmf());
    journal.session(facts);
    profiler.flatMap(Profiler::note).ifPresent(this::note);
    return JournalReports.build(journal.read(), config.outputDir(), interrupted);
  }

  /**
   * Writes every report from the journal; {@code interrupted} marks them partial, or is null.
   * Returns the problems, and with the regression gate on, the regressions among this JVM's
   * benchmarks (every JVM of a run writes the reports of all, and fails for its own).
   */
  private List<String> writeReports(String interrupted) {
    RunConfig.Baselines baselines = config.baselines();
    RunReport report = report(interrupted);
    List<Baseline> compared = comparedBaselines();
    if (!compared.isEmpty()) {
      report = report.comparedWith(compared, baselines.alpha(), baselines.minChange());
    }
    ReportWriter writer =
        new ReportWriter(
                config.bmfFile(), config.resultsFile(), config.htmlFile(), console, config.printTable())
            .coloured(config.colour());
    if (baselines.saveFile().isPresent()) {
      writer.savingBaseline(baselines.saveName().orElseThrow(), baselines.saveFile().get());
    }
    List<String> problems = new ArrayList<>(writer.writeAll(report));
    FinishRun.reportsWritten();
    if (baselineProblem != null) {
      problems.add(baselineProblem);
    }
    if (interrupted == null && report.comparison() != null && baselines.gate().isOn()) {
      Set<String> mine = Set.copyOf(recorded);
      List<String> regressions = baselines.gate().regressions(report.comparison(), mine::contains);
      if (!regressions.isEmpty()) {
        String text =
            "lance-bench: " + regressions.size() + " regression(s) beyond -D"
                + Settings.FAIL_ON_REGRESSION.key() + " against baseline "
                + report.comparison().describe() + ":\n  "
                + String.join("\n  ", regressions)
                + (compared.size() == 1 && regressions.stream().anyMatch(r -> r.contains(" latency: "))
                    ? "\n  (The baseline is one run: latency differences between runs of one build are "
                        + "not known to this comparison, and on a shared machine they are often "
                        + "larger than the samples within a run suggest. Compare with three or more "
                        + "saved runs, -Dbench.compare=a,b,c, before trusting a latency regression.)"
                    : "");
        console.println(text);
        console.flush();
        problems.add(text);
      }
    }
    return problems;
  }

  /**
   * Ctrl-C or a kill: the JVM runs this before it stops, and the reports of what finished are
   * written, marked partial. Not called at a normal end (close removes it).
   */
  private void writePartialReports() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      List<String> problems =
          writeReports("the run was stopped (Ctrl-C or a signal) before it ended");
      problems.forEach(console::println);
    } catch (RuntimeException e) {
      console.println("lance-bench: the partial reports could not be written: " + e);
    }
    console.flush();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the reports are written here all the same
    }
    List<String> problems;
    try {
      problems = writeReports(null);
    } finally {
      try {
        if (catalog != null) {
          catalog.close();
        }
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
