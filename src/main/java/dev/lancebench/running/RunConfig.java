package dev.lancebench.running;

import dev.lancebench.catalog.DatasetRegistry;
import dev.lancebench.datasets.DatasetDefinition;
import dev.lancebench.datasets.StorageOptions;
import dev.lancebench.measuring.Measure;
import dev.lancebench.measuring.Profiler;
import dev.lancebench.reporting.Baseline;
import dev.lancebench.reporting.Durations;
import dev.lancebench.reporting.RegressionGate;
import dev.lancebench.reporting.ReportPlan;
import dev.lancebench.settings.SettingException;
import dev.lancebench.settings.Settings;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The run-wide configuration, read once from the {@link Settings} when the run's first benchmark
 * starts, and cached with the run. Settings that decide what is generated or measured are checked
 * here, so a bad value fails the run's benchmarks with a message naming it rather than generating
 * the wrong data.
 */
public record RunConfig(
    Settings settings,
    DatasetRegistry registry,
    Path outputDir,
    Path bmfFile,
    Path resultsFile,
    Path htmlFile,
    Optional<Long> seed,
    Duration minTime,
    Duration stallAfter,
    boolean prime,
    Map<String, String> storage,
    boolean printTable,
    boolean colour,
    Optional<Profiler.Plan> profile,
    boolean profiledInBmf,
    String runId,
    Baselines baselines,
    Shard shard,
    Durations durations,
    double injectedSlowdown,
    Optional<Trial> trial) {

  /** The only names a run slowed down on purpose is saved under. */
  public static final String CALIBRATION_PREFIX = "calibration-";

  /** The durations file read when bench.durations is not given (the repository carries one). */
  public static final String DEFAULT_DURATIONS = "bench-durations.json";

  /**
   * The baseline settings: the run saved under a name, compared with a baseline file, how latency
   * changes are judged, and the regression gate.
   */
  public record Baselines(
      Optional<String> saveName,
      Optional<Path> saveFile,
      List<Path> compareFiles,
      double alpha,
      double minChange,
      RegressionGate gate) {}

  /** What becomes of the run's report: its files, table, comparison, saved baseline and gate. */
  ReportPlan reportPlan() {
    return new ReportPlan(
        Optional.of(bmfFile),
        Optional.of(resultsFile),
        Optional.of(htmlFile),
        printTable,
        colour,
        BaselineCopies.compared(this),
        baselines.alpha(),
        baselines.minChange(),
        baselines.saveName(),
        baselines.saveFile(),
        baselines.gate());
  }

  /** The latency test's default level: about one false alarm per hundred unchanged benchmarks. */
  static final BigDecimal DEFAULT_ALPHA = new BigDecimal("0.01");

  /**
   * The default least latency change that counts (percent): see the noise figures in
   * docs/comparing.md.
   */
  static final BigDecimal DEFAULT_MIN_CHANGE = new BigDecimal("3");

  static RunConfig from(Settings settings, DatasetRegistry registry) {
    Path out = settings.outputDir();
    for (DatasetDefinition definition : registry.definitions().values()) {
      definition.spec(settings); // a malformed or empty size fails here, before any data is made
    }
    Map<String, String> storage = StorageOptions.load(settings);
    settings.removeSecretSystemProperties();
    return new RunConfig(
        settings,
        registry,
        out,
        settings.get(Settings.BMF).map(Path::of).orElse(out.resolve("bmf.json")),
        settings.get(Settings.RESULTS).map(Path::of).orElse(out.resolve("results.json")),
        settings.get(Settings.HTML).map(Path::of).orElse(out.resolve("report.html")),
        settings.get(Settings.SEED),
        settings.get(Settings.MIN_TIME, Duration.ZERO),
        settings.get(Settings.STALL_AFTER, Duration.ofSeconds(60)),
        settings.isOn(Settings.PRIME, true),
        storage,
        settings.isOn(Settings.TABLE, true),
        colour(settings, System.getenv()),
        settings.get(Settings.PROFILE),
        settings.isOn(Settings.PROFILE_BMF, false),
        settings
            .get(Settings.RUN_ID)
            .filter(id -> !id.isBlank())
            .orElseGet(() -> UUID.randomUUID().toString()),
        baselines(settings, System.getenv()),
        settings.get(Settings.SHARD).orElse(Shard.WHOLE),
        durations(settings),
        injectedSlowdown(settings),
        settings.get(Settings.TRIAL));
  }

  /**
   * The slowdown asked for; a run with one may be saved only as a calibration, so no one compares
   * against it or uploads it by mistake.
   */
  static double injectedSlowdown(Settings settings) {
    double slowdown =
        settings.get(Settings.INJECT_SLOWDOWN).map(BigDecimal::doubleValue).orElse(0.0);
    Optional<String> save = settings.get(Settings.SAVE).map(String::trim).filter(s -> !s.isEmpty());
    if (slowdown > 0 && save.isPresent() && !save.get().startsWith(CALIBRATION_PREFIX)) {
      throw new SettingException(
          "Configuration error: "
              + Settings.INJECT_SLOWDOWN.key()
              + " slows every invocation down on "
              + "purpose, so the run cannot be saved as the ordinary baseline '"
              + save.get()
              + "': save it as "
              + CALIBRATION_PREFIX
              + save.get()
              + ", or drop the slowdown.");
    }
    return slowdown;
  }

  /** The durations file named, or the repository's; none when the default one is not there. */
  static Durations durations(Settings settings) {
    Optional<String> named = settings.get(Settings.DURATIONS).filter(s -> !s.isBlank());
    Path file = Path.of(named.orElse(DEFAULT_DURATIONS));
    if (named.isPresent() && !Files.isRegularFile(file)) {
      throw new SettingException(
          "Configuration error: no durations file at "
              + file.toAbsolutePath()
              + " ("
              + Settings.DURATIONS.key()
              + "). Give the durations.json of an earlier run, or leave the setting out.");
    }
    try {
      return Durations.load(file);
    } catch (IllegalArgumentException e) {
      throw new SettingException("Configuration error: " + e.getMessage());
    }
  }

  /**
   * Checked before anything is measured: a bad name or a gate without a comparison fails at once.
   */
  static Baselines baselines(Settings settings, Map<String, String> environment) {
    Path folder = Path.of(settings.get(Settings.BASELINES, Baseline.DEFAULT_FOLDER));
    Optional<String> save = settings.get(Settings.SAVE).map(String::trim).filter(s -> !s.isEmpty());
    Optional<String> compare =
        settings.get(Settings.COMPARE).map(String::trim).filter(s -> !s.isEmpty());
    Optional<Path> saveFile;
    List<Path> compareFiles = new ArrayList<>();
    try {
      saveFile = save.map(name -> Baseline.forSave(folder, name));
      // several runs of one build, comma-separated: their spread is the noise between runs
      for (String value : compare.map(v -> v.split(",")).orElse(new String[0])) {
        if (!value.isBlank()) {
          compareFiles.add(Baseline.forCompare(folder, value.trim()));
        }
      }
    } catch (Baseline.BaselineException e) {
      throw new SettingException("Configuration error: " + e.getMessage());
    }
    Set<String> measures = new LinkedHashSet<>();
    for (Measure measure : Measure.values()) {
      measures.add(measure.key());
    }
    List<String> unknown = settings.unknownPerMeasureGates(measures, environment);
    if (!unknown.isEmpty()) {
      throw new SettingException(
          "Configuration error: "
              + String.join(", ", unknown)
              + " names no measure. The measures "
              + "are "
              + String.join(", ", measures)
              + " (e.g. -D"
              + Settings.FAIL_ON_REGRESSION.key()
              + ".read_bytes=0).");
    }
    Map<String, Double> perMeasure = new LinkedHashMap<>();
    for (String measure : measures) {
      settings
          .get(Settings.failOnRegression(measure))
          .ifPresent(percent -> perMeasure.put(measure, percent.doubleValue()));
    }
    RegressionGate gate =
        new RegressionGate(
            settings.get(Settings.FAIL_ON_REGRESSION).map(BigDecimal::doubleValue).orElse(null),
            perMeasure);
    if (gate.isOn() && compareFiles.isEmpty()) {
      throw new SettingException(
          "Configuration error: "
              + Settings.FAIL_ON_REGRESSION.key()
              + " needs a comparison: add "
              + "-D"
              + Settings.COMPARE.key()
              + "=NAME (a baseline saved earlier with -D"
              + Settings.SAVE.key()
              + "=NAME), or leave the gate out.");
    }
    return new Baselines(
        save,
        saveFile,
        List.copyOf(compareFiles),
        settings.get(Settings.COMPARE_ALPHA, DEFAULT_ALPHA).doubleValue(),
        settings.get(Settings.COMPARE_MIN_CHANGE, DEFAULT_MIN_CHANGE).doubleValue(),
        gate);
  }

  /**
   * Colour only where a person sees it: {@code bench.color=always|never} decide; otherwise not with
   * NO_COLOR set or Maven's {@code -Dstyle.color=never}, and only when the output goes to a
   * terminal (this JVM's, or, under Maven, that of the Maven process that started it).
   */
  static boolean colour(Settings settings, Map<String, String> environment) {
    String mode = settings.get(Settings.COLOR, "auto");
    if (mode.equals("never") || mode.equals("always")) {
      return mode.equals("always");
    }
    String noColor = environment.get("NO_COLOR");
    if (noColor != null && !noColor.isEmpty()) {
      return false;
    }
    String maven = System.getProperty("style.color", "auto");
    if (maven.equals("never") || maven.equals("always")) {
      return maven.equals("always");
    }
    return System.console() != null || parentWritesToTerminal();
  }

  /**
   * Linux: whether the standard output of the JVM that started this one (Maven, for its forks; a
   * fork script may stand between them) is a terminal.
   */
  static boolean parentWritesToTerminal() {
    try {
      Optional<ProcessHandle> ancestor = ProcessHandle.current().parent();
      for (int level = 0; level < 4 && ancestor.isPresent(); level++) {
        ProcessHandle process = ancestor.get();
        if (process.info().command().map(c -> c.endsWith("/java")).orElse(false)) {
          Path stdout = Path.of("/proc", Long.toString(process.pid()), "fd", "1");
          if (!Files.isSymbolicLink(stdout)) {
            return false;
          }
          String target = Files.readSymbolicLink(stdout).toString();
          return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        }
        ancestor = process.parent();
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
