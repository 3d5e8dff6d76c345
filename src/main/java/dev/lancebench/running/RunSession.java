package dev.lancebench.running;

import dev.lancebench.catalog.DatasetRegistry;
import dev.lancebench.measuring.BenchResult;
import dev.lancebench.measuring.Profiler;
import dev.lancebench.reporting.ReportPipeline;
import dev.lancebench.reporting.ReportPlan;
import dev.lancebench.reporting.RunJournal;
import dev.lancebench.reporting.RunReport;
import dev.lancebench.settings.Settings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.lance.JniLoader;

/**
 * One run of benchmarks: created lazily in the root store by the first benchmark, closed by JUnit
 * when the run ends, which is when the reports are written. That works the same under Maven, an IDE
 * and EngineTestKit. It keeps the run's life cycle — journal, notes, seed, shutdown — and hands the
 * run's datasets ({@link RunDatasets}) and instruments ({@link Instruments}) to each benchmark.
 */
public final class RunSession implements AutoCloseable {
  private final RunConfig config;
  private final PrintStream console;
  private final BufferAllocator allocator = new RootAllocator();
  private final Set<String> notes = new LinkedHashSet<>();
  private final Set<String> recorded = new LinkedHashSet<>();
  private final RunJournal journal;
  private final Thread shutdownHook = new Thread(this::writePartialReports, "lance-bench-reports");
  private boolean closed;
  private final long seed;
  private boolean seedAnnounced;
  private final BaselineCopies baselines;
  private final RunDatasets datasets;
  private final Instruments instruments;
  private final StallWatch stalls;
  private final OutputLock outputLock;
  private final ShardPlan shards;
  private final RunCost cost;
  private final Set<String> finishedBefore;
  private final Instant runStarted;

  private RunSession(RunConfig config, PrintStream console, Class<?> benchmarks) {
    this.config = config;
    this.console = console;
    // without bench.seed, one drawn from the run id: every JVM of a run (one per benchmark class
    // under Maven) makes the same choices, and results.json's seed is the run's
    this.seed =
        config
            .seed()
            .orElseGet(
                () ->
                    UUID.nameUUIDFromBytes(config.runId().getBytes(StandardCharsets.UTF_8))
                        .getMostSignificantBits());
    // the folder is this run's before anything in it is read or removed
    this.outputLock =
        OutputLock.take(
            config.outputDir(),
            config.runId(),
            OutputLock.ownerOf(
                config.settings().get(Settings.RUN_ID).filter(id -> !id.isBlank()).isPresent()),
            Settings.OUTPUT_DIR.key());
    this.journal = RunJournal.open(config.outputDir(), config.runId(), RunOutputs.earlier(config));
    journal
        .keptUnfinished()
        .ifPresent(
            kept ->
                console.println(
                    "lance-bench: the earlier run in "
                        + config.outputDir().toAbsolutePath()
                        + " did not write its reports from all it measured (a JVM of it was "
                        + "killed): its journal is kept as "
                        + kept.toAbsolutePath()
                        + "; compare/report "
                        + kept.toAbsolutePath()
                        + " builds them."));
    journal.jvm();
    this.baselines = BaselineCopies.take(config, console);
    if (journal.begun()) {
      BaselineCopies.keepThePreviousSave(config, console);
      ForkExits.clearEarlierRuns();
    }
    this.datasets =
        new RunDatasets(
            config,
            console,
            allocator,
            base -> unreachableBefore(journal, base),
            (base, why) -> journal.session(Map.of(UNREACHABLE, Map.of("base", base, "why", why))));
    this.instruments = new Instruments(config, console, this::note, datasets::locationBase);
    this.stalls = StallWatch.start(config.stallAfter(), console);
    Optional<Predicate<String>> selection = selection(benchmarks);
    this.shards = ShardPlan.of(config.shard(), config.durations(), selection.orElse(name -> true));
    RunJournal.Contents before = journal.read();
    this.runStarted = before.started();
    this.finishedBefore = new LinkedHashSet<>();
    before.results().forEach(r -> finishedBefore.add(r.name()));
    this.cost =
        RunCost.of(
            shards,
            config.durations(),
            selection.orElse(name -> false),
            datasets::uriOf,
            config.registry().definitions().values().stream()
                .allMatch(d -> d.sizeFrom(config.settings()).compareTo(d.defaultSize()) == 0),
            Runtime.getRuntime().availableProcessors());
    if (journal.begun()) {
      cost.describe(config.shard()).forEach(console::println);
    }
    if (!config.shard().isWhole()) {
      note(
          "This run is shard "
              + config.shard()
              + " of the selected cases (bench.shard): the others run elsewhere; "
              + "compare/merge joins the shards' results into one run.");
    }
    config
        .registry()
        .definitions()
        .values()
        .forEach(definition -> definition.capNote(config.settings()).ifPresent(this::note));
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    FinishRun.leaveForTheLauncher(config);
  }

  /**
   * The run of these settings. A configuration error ends it before anything is measured: the
   * folder's earlier reports are removed first (when no other run holds it), so that none of them
   * looks like this run's.
   */
  static RunSession start(
      Settings settings, DatasetRegistry registry, PrintStream console, Class<?> benchmarks) {
    RunConfig config;
    List<String> unknown;
    try {
      unknown = UnknownSettings.of(registry, benchmarks).check(System.getProperties());
      config = RunConfig.from(settings, registry);
    } catch (RuntimeException e) {
      RunOutputs.clearAfterConfigurationError(settings, console);
      throw e;
    }
    RunSession session = start(config, console, benchmarks);
    if (session.journal.begun()) {
      unknown.forEach(console::println); // once per run, not once per JVM
    }
    return session;
  }

  /**
   * The cases the run selected, as far as this JVM can know: under Maven, the {@code -Dtest}
   * patterns (surefire hands them to its forks as the {@code test} property) or every benchmark
   * class. An IDE's or another launcher's selection is not visible to an extension: empty, and then
   * shards are placed over the whole durations file and no plan is printed (the progress counts
   * cases without a total). Patterns that do not select this JVM's own class are not its run's (a
   * run launched inside another test, as the extension's own tests do): empty too.
   */
  private static Optional<Predicate<String>> selection(Class<?> benchmarks) {
    if (System.getProperty("surefire.test.class.path") == null) {
      return Optional.empty();
    }
    String test = System.getProperty("test");
    return RunCost.selectsClass(test, benchmarks.getSimpleName())
        ? Optional.of(RunCost.selection(test))
        : Optional.empty();
  }

  /** The journal's fact of a location an earlier JVM of the run could not reach. */
  static final String UNREACHABLE = "location_unreachable";

  @SuppressWarnings("unchecked")
  private static Optional<String> unreachableBefore(RunJournal journal, String base) {
    Object fact = journal.read().session().get(UNREACHABLE);
    if (fact instanceof Map && base.equals(((Map<String, Object>) fact).get("base"))) {
      return Optional.of(String.valueOf(((Map<String, Object>) fact).get("why")));
    }
    return Optional.empty();
  }

  static RunSession start(RunConfig config, PrintStream console, Class<?> benchmarks) {
    requireArrowAccess();
    ensureTempFolder();
    // The first use of lance-core extracts its ~181 MB native library to the temp folder: do it
    // here, before any measurement, so nobody's IO numbers carry it.
    JniLoader.ensureLoaded();
    return new RunSession(config, console, benchmarks);
  }

  /**
   * Arrow reads direct buffers reflectively: without {@code --add-opens=java.base/java.nio=
   * ALL-UNNAMED} the first Arrow allocation fails deep inside with "Could not initialize class
   * MemoryUtil". Said before the first benchmark, with the flag to add.
   */
  static void requireArrowAccess() {
    if (!ByteBuffer.class.getModule().isOpen("java.nio", RunSession.class.getModule())) {
      throw new ExtensionConfigurationException(
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
          "Cannot create the temp folder java.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
          e);
    }
  }

  RunConfig config() {
    return config;
  }

  BufferAllocator allocator() {
    return allocator;
  }

  RunDatasets datasets() {
    return datasets;
  }

  Instruments instruments() {
    return instruments;
  }

  /** The run's random seed: bench.seed, or one drawn from the run id. */
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
    Set<String> finished = new LinkedHashSet<>(finishedBefore);
    finished.addAll(recorded);
    console.println(
        cost.progress(
            finished.size() + 1,
            Duration.between(runStarted, Instant.now()).toMillis() / 1000.0,
            finished));
    journal.started(name);
    stalls.watch(name, Thread.currentThread());
  }

  /**
   * Whether this JVM's shard runs the case {@code name} of {@code className} (always, unsharded).
   * Ask once per case: a case the durations file does not know moves its class's round-robin on.
   */
  synchronized boolean inThisShard(String className, String name) {
    return shards.runsHere(className, name);
  }

  Shard shard() {
    return config.shard();
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
    stalls.done();
    RunDatasets.CaseDatasets asked = datasets.takeAskedFor();
    journal.finished(result, asked.names(), asked.generatingSeconds());
    result.unavailable().values().forEach(this::note);
  }

  /**
   * The run so far, from the journal: every JVM's results, and a failed result for each benchmark
   * whose JVM died in it (or, with {@code interrupted}, that this JVM was running when stopped).
   */
  synchronized RunReport report(String interrupted) {
    Map<String, Object> facts = new LinkedHashMap<>();
    if (datasets.resolved()) {
      Map<String, Map<String, Object>> used = datasets.used();
      journal.datasets(used);
      used.forEach(
          (name, dataset) -> {
            if (Boolean.FALSE.equals(dataset.get("default_size"))) {
              note(
                  "The '"
                      + name
                      + "' dataset is not at its default size ("
                      + dataset.get("rows")
                      + " rows): these numbers are not comparable with a "
                      + "default-size run's (the CI upload refuses them unless BENCH_ALLOW_OTHER_SIZES=true)");
            }
          });
      facts.put(JournalReports.LOCATION, datasets.location().base());
      facts.put(JournalReports.DECIDED_BY, datasets.location().decidedBy());
    }
    facts.put(JournalReports.SEED, seed);
    facts.put(JournalReports.SHARD, config.shard().toString());
    instruments
        .profiler()
        .ifPresent(p -> facts.put(JournalReports.PROFILED, p.plan().description()));
    facts.put(JournalReports.PROFILED_IN_BMF, config.profiledInBmf());
    if (config.injectedSlowdown() > 0) {
      facts.put(JournalReports.INJECTED_SLOWDOWN, config.injectedSlowdown());
      note(
          "Calibration run: every measured invocation was slowed down on purpose by "
              + new BigDecimal(config.injectedSlowdown() * 100).setScale(1, RoundingMode.HALF_UP)
              + " % ("
              + Settings.INJECT_SLOWDOWN.key()
              + "); bmf.json holds no results");
    }
    config.trial().ifPresent(t -> facts.put(JournalReports.TRIAL, t.facts()));
    journal.session(facts);
    instruments.profiler().flatMap(Profiler::note).ifPresent(this::note);
    return JournalReports.build(journal.read(), config.outputDir(), interrupted);
  }

  /**
   * Writes every report from the journal through the run's one pipeline; {@code interrupted} marks
   * them partial, or is null. Returns what fails the run: the problems, and with the regression
   * gate on, the regressions among this JVM's benchmarks (every JVM of a run writes the reports of
   * all, and fails for its own; an interrupted run gates nothing).
   */
  private List<String> writeReports(String interrupted) {
    ReportPlan plan = config.reportPlan();
    if (baselines.problem().isPresent()) {
      plan = plan.withoutComparison();
    }
    Set<String> mine = Set.copyOf(recorded);
    ReportPipeline.Outcome outcome =
        ReportPipeline.finish(
            report(interrupted), plan, console, name -> interrupted == null && mine.contains(name));
    FinishRun.reportsWritten();
    List<String> failures = new ArrayList<>(outcome.problems());
    baselines.problem().ifPresent(failures::add);
    outcome
        .regressions()
        .ifPresent(
            text -> {
              console.println("lance-bench: " + text);
              console.flush();
              failures.add("lance-bench: " + text);
            });
    return failures;
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
    String said;
    try {
      List<String> problems =
          writeReports("the run was stopped (Ctrl-C or a signal) before it ended");
      problems.forEach(console::println);
      said =
          "lance-bench: PARTIAL RUN: stopped before it ended; what finished is in "
              + config.resultsFile().toAbsolutePath()
              + " and "
              + config.htmlFile().toAbsolutePath();
    } catch (RuntimeException e) {
      said = "lance-bench: the partial reports could not be written: " + e;
    }
    console.println(said);
    console.flush();
    toTheTerminal(said);
  }

  /**
   * After Ctrl-C, Maven stops reading the test JVM's output before this JVM has written its partial
   * reports: the line that says so goes to the terminal itself, where there is one.
   */
  private static void toTheTerminal(String line) {
    Path tty = Path.of("/dev/tty");
    // only where the run's own console is that terminal (Maven's), not a test's child JVM
    if (!Files.isWritable(tty) || !RunConfig.parentWritesToTerminal()) {
      return;
    }
    try (OutputStream terminal = Files.newOutputStream(tty, StandardOpenOption.APPEND)) {
      terminal.write(
          (System.lineSeparator() + line + System.lineSeparator())
              .getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      // no terminal after all (a CI runner): the console line above is all there is
    }
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
        stalls.close();
        datasets.close();
        allocator.close();
      } catch (RuntimeException e) {
        console.println(
            "lance-bench: Arrow memory was still allocated at the end of the run: " + e);
      } finally {
        outputLock.close();
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("\n", problems));
    }
  }
}
