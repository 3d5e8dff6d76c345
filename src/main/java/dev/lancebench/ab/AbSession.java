package dev.lancebench.ab;

import dev.lancebench.catalog.DatasetRegistry;
import dev.lancebench.reporting.Baseline;
import dev.lancebench.reporting.Comparison;
import dev.lancebench.reporting.Durations;
import dev.lancebench.reporting.RegressionGate;
import dev.lancebench.reporting.ReportPipeline;
import dev.lancebench.reporting.ReportPlan;
import dev.lancebench.reporting.RunReport;
import dev.lancebench.reporting.Trials;
import dev.lancebench.running.RunConfig;
import dev.lancebench.running.RunCost;
import dev.lancebench.settings.Setting;
import dev.lancebench.settings.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * One A/B, from building the sides to the comparison: each side's files from git into a folder of
 * its own and built once, the selection's datasets made once, the trials in their order, each saved
 * as a run, and B's trials compared with A's.
 */
final class AbSession {
  private final AbCommand.Request request;
  private final Path sides;
  private final Path trialsFolder;
  private final Path logs;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicBoolean reported = new AtomicBoolean();
  private final List<String> failed = new ArrayList<>();
  private final Path root;
  private final PrintStream out;
  private final PrintStream err;
  private final String maven;
  private volatile Process current;
  private Thread hook;

  AbSession(AbCommand.Request request, Path root, PrintStream out, PrintStream err, String maven) {
    this.request = request;
    this.root = root;
    this.out = out;
    this.err = err;
    this.maven = maven;
    this.sides = request.folder().resolve("sides");
    this.trialsFolder = request.folder().resolve("trials");
    this.logs = request.folder().resolve("logs");
  }

  int run() {
    long start = System.nanoTime();
    try {
      Files.createDirectories(sides);
      Files.createDirectories(trialsFolder);
      Files.createDirectories(logs);
    } catch (IOException e) {
      throw new AbCommand.AbException(
          "cannot create " + request.folder() + " (" + e.getMessage() + "): give --out DIR");
    }
    out.println(
        "A/B in "
            + request.folder()
            + ": A = "
            + request.a().spec()
            + ", B = "
            + request.b().spec()
            + (request.slowdown() > 0
                ? " slowed down on purpose by " + AbCommand.percent(request.slowdown())
                : "")
            + "; "
            + request.trials()
            + " trials a side, seed "
            + request.seed()
            + (request.mavenArguments().isEmpty()
                ? ""
                : "; " + String.join(" ", request.mavenArguments())));
    // both sides' revisions first: a typo in B is found before A is built
    String commitA = commit(request.a());
    String commitB = commit(request.b());
    Path dirA = build(request.a(), commitA);
    Path dirB = build(request.b(), commitB);
    makeDatasets(dirA, request.a());
    hook = new Thread(this::interrupted, "ab-interrupted");
    Runtime.getRuntime().addShutdownHook(hook);
    List<TrialOrder.Slot> order = TrialOrder.of(request.trials(), null);
    long trialsStart = System.nanoTime();
    for (int k = 0; k < order.size() && !stopping.get(); k++) {
      TrialOrder.Slot slot = order.get(k);
      Side side = slot.side().equals("A") ? request.a() : request.b();
      double elapsed = (System.nanoTime() - trialsStart) / 1e9;
      out.println(
          "lance-bench ab: trial "
              + (k + 1)
              + " of "
              + order.size()
              + ": side "
              + side.label()
              + " ("
              + side.spec()
              + ") #"
              + slot.number()
              + ", elapsed "
              + RunCost.duration(elapsed)
              + (k == 0
                  ? ""
                  : ", about " + RunCost.duration(elapsed / k * (order.size() - k)) + " left"));
      out.flush();
      trial(slot.side().equals("A") ? dirA : dirB, side, slot.number());
    }
    if (stopping.get()) {
      return AbCommand.ERROR; // the shutdown hook reports what finished
    }
    Runtime.getRuntime().removeShutdownHook(hook);
    int status = report();
    out.println(
        "lance-bench ab: "
            + RunCost.duration((System.nanoTime() - start) / 1e9)
            + " in all ("
            + RunCost.duration((System.nanoTime() - trialsStart) / 1e9)
            + " of trials)");
    return status;
  }

  /**
   * Ctrl-C (or any end before the last trial): the running trial stops (it had the signal too), and
   * what finished is compared.
   */
  private void interrupted() {
    stopping.set(true);
    Process running = current;
    if (running != null) {
      try {
        if (!running.waitFor(60, TimeUnit.SECONDS)) {
          running.descendants().forEach(ProcessHandle::destroy);
          running.destroy();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    out.println(
        "lance-bench ab: stopped before its last trial; comparing the trials that finished");
    try {
      report();
    } catch (AbCommand.AbException e) {
      err.println("ab: " + e.getMessage());
    }
    out.flush();
  }

  /** The commit a side's files come from; an error naming the side when there is none. */
  private String commit(Side side) {
    return git("rev-parse", "--verify", "--quiet", side.revision() + "^{commit}")
        .orElseThrow(
            () ->
                new AbCommand.AbException(
                    "side "
                        + side.label()
                        + " ("
                        + side.spec()
                        + "): there is no revision '"
                        + side.revision()
                        + "' in "
                        + root
                        + (side.lanceVersion() != null
                            ? " (a lance:VERSION side is measured by this checkout's HEAD:"
                                + " is it a git checkout with a commit?)"
                            : "; give a commit, branch or tag (git log shows them)")));
  }

  /** Builds a side into a folder of its own: its files, then test-compile. */
  private Path build(Side side, String commit) {
    Path dir = sides.resolve(side.label());
    Path log = logs.resolve("build-" + side.label() + ".log");
    out.println(
        "lance-bench ab: building side "
            + side.label()
            + " ("
            + side.spec()
            + ", suite at "
            + commit.substring(0, 10)
            + ") in "
            + dir);
    out.flush();
    try {
      AbCommand.deleteTree(dir);
      Files.createDirectories(dir);
      Path tar = logs.resolve("side-" + side.label() + ".tar");
      int archived =
          exec(
              List.of(
                  "git",
                  "-C",
                  root.toString(),
                  "archive",
                  "--format=tar",
                  "-o",
                  tar.toString(),
                  commit),
              root,
              log,
              Map.of());
      int unpacked =
          archived != 0
              ? archived
              : exec(
                  List.of("tar", "-xf", tar.toString(), "-C", dir.toString()), root, log, Map.of());
      Files.deleteIfExists(tar);
      if (unpacked != 0) {
        throw new AbCommand.AbException(
            "side " + side.label() + ": its files could not be taken from git (" + log + ")");
      }
      List<String> command = new ArrayList<>(List.of(maven, "-B", "-Dstyle.color=never"));
      command.addAll(side.mavenArguments());
      command.add("test-compile");
      if (exec(command, dir, log, Map.of()) != 0) {
        throw new AbCommand.AbException(
            "side "
                + side.label()
                + " ("
                + side.spec()
                + ") cannot be built: "
                + AbCommand.lastErrors(log)
                + " (all of it in "
                + log
                + ")");
      }
    } catch (IOException e) {
      throw new AbCommand.AbException(
          "side " + side.label() + " could not be prepared in " + dir + ": " + e.getMessage());
    }
    return dir;
  }

  /** The selection's datasets, made once before any trial, where the trials will read them. */
  private void makeDatasets(Path dir, Side side) {
    Durations durations;
    try {
      durations =
          Durations.load(
              property(Settings.DURATIONS.key())
                  .map(Path::of)
                  .orElse(dir.resolve(RunConfig.DEFAULT_DURATIONS)));
    } catch (IllegalArgumentException e) {
      throw new AbCommand.AbException(e.getMessage());
    }
    Predicate<String> selected = RunCost.selection(property("test").orElse(null));
    Set<String> generatable = new TreeSet<>(DatasetRegistry.standard().names());
    Set<String> needed = new TreeSet<>();
    durations
        .cases()
        .forEach(
            (name, time) -> {
              if (selected.test(name)) {
                time.datasets().stream().filter(generatable::contains).forEach(needed::add);
              }
            });
    if (needed.isEmpty()) {
      out.println(
          "lance-bench ab: the durations file names no dataset for this selection; a trial "
              + "makes what it needs (the first trial then carries its generation)");
      return;
    }
    out.println("lance-bench ab: making the datasets first: " + String.join(", ", needed));
    out.flush();
    Path log = logs.resolve("datasets.log");
    List<String> command = new ArrayList<>();
    command.add(dir.resolve("datagen/gen_all").toString());
    command.addAll(needed);
    int status;
    try {
      status = exec(command, root, log, environment());
    } catch (IOException e) {
      throw new AbCommand.AbException("the datasets could not be made: " + e.getMessage());
    }
    if (status != 0) {
      throw new AbCommand.AbException(
          "the datasets could not be made: "
              + AbCommand.lastErrors(log)
              + " (all of it in "
              + log
              + ")");
    }
  }

  /** The benchmark settings among the Maven arguments, as the environment datagen reads. */
  private Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String argument : request.mavenArguments()) {
      if (argument.startsWith("-Dbench.") && argument.contains("=")) {
        String key = argument.substring(2, argument.indexOf('='));
        String value = argument.substring(argument.indexOf('=') + 1);
        env.put(
            key.equals(Settings.DATA.key())
                ? Settings.DATA.environment()
                : Setting.environmentName(key),
            value);
      }
    }
    return env;
  }

  private Optional<String> property(String name) {
    String prefix = "-D" + name + "=";
    return request.mavenArguments().stream()
        .filter(a -> a.startsWith(prefix))
        .map(a -> a.substring(prefix.length()))
        .reduce((first, second) -> second);
  }

  private String trialName(String side, int number) {
    return (request.slowdown() > 0 ? "calibration-" : "trial-") + side + "-" + number;
  }

  private void trial(Path dir, Side side, int number) {
    String name = trialName(side.label(), number);
    Path log = logs.resolve(name + ".log");
    List<String> command = new ArrayList<>(List.of(maven, "-B", "-Dstyle.color=never", "test"));
    command.add("-Dbench");
    command.addAll(side.mavenArguments());
    command.addAll(request.mavenArguments());
    command.add("-Dbench.trial=" + side.label() + ":" + number);
    command.add("-Dbench.seed=" + request.seed());
    command.add("-Dbench.out=" + trialsFolder.resolve(name));
    command.add("-Dbench.baselines=" + trialsFolder);
    command.add("-Dbench.save=" + name);
    command.add("-Dbench.table=false");
    if (request.slowdown() > 0) {
      // both sides saved as calibrations; only B is slowed down
      if (side.label().equals("B")) {
        command.add(
            "-Dbench.inject.slowdown="
                + BigDecimal.valueOf(request.slowdown() * 100).stripTrailingZeros().toPlainString()
                + "%");
      }
    }
    Path saved = trialsFolder.resolve(name + ".json");
    int status;
    try {
      Files.deleteIfExists(saved);
      status = exec(command, dir, log, Map.of());
    } catch (IOException e) {
      status = -1;
    }
    if (!Files.isRegularFile(saved)) {
      String why =
          "trial "
              + number
              + " of side "
              + side.label()
              + " ("
              + side.spec()
              + ") failed"
              + (stopping.get()
                  ? " (interrupted)"
                  : " (exit " + status + "): " + AbCommand.lastErrors(log))
              + " (log: "
              + log
              + ")";
      failed.add(why);
      err.println("ab: " + why);
    } else if (status != 0 && !stopping.get()) {
      out.println(
          "lance-bench ab: trial "
              + number
              + " of side "
              + side.label()
              + " ended with exit "
              + status
              + " (a benchmark failed, or the gate); its results are kept (log: "
              + log
              + ")");
    }
  }

  /** Compares B's finished trials with A's, once. */
  int report() {
    if (!reported.compareAndSet(false, true)) {
      return AbCommand.OK;
    }
    List<Baseline> a = loadTrials("A");
    List<Baseline> b = loadTrials("B");
    out.println(
        "lance-bench ab: side A has "
            + a.size()
            + " finished trials, side B "
            + b.size()
            + " (of "
            + request.trials()
            + " each)"
            + (failed.isEmpty() ? "" : "; failed: " + String.join("; ", failed)));
    if (a.isEmpty() || b.isEmpty()) {
      throw new AbCommand.AbException(
          "no trial of side "
              + (a.isEmpty() ? "A" : "B")
              + " finished: nothing to compare (the logs are in "
              + logs
              + ")");
    }
    RunReport combined = Trials.combine(b);
    Comparison comparison =
        Comparison.ofTrials(combined, a, b, request.alpha(), request.minChange());
    Path reports = request.folder();
    ReportPlan plan =
        new ReportPlan(
            Optional.empty(),
            Optional.of(reports.resolve("results.json")),
            Optional.of(reports.resolve("report.html")),
            true,
            System.console() != null && System.getenv("NO_COLOR") == null,
            List.of(),
            request.alpha(),
            request.minChange(),
            Optional.empty(),
            Optional.empty(),
            new RegressionGate(request.gate(), Map.of()));
    ReportPipeline.Outcome outcome =
        ReportPipeline.finish(combined.withComparison(comparison), List.of(), plan, out, n -> true);
    outcome.problems().forEach(p -> err.println("ab: " + p));
    if (outcome.regressions().isPresent()) {
      err.println(outcome.regressionsForTheCommand().orElseThrow());
      return AbCommand.REGRESSED;
    }
    return outcome.problems().isEmpty() ? AbCommand.OK : AbCommand.ERROR;
  }

  private List<Baseline> loadTrials(String side) {
    List<Baseline> found = new ArrayList<>();
    for (int number = 1; number <= request.trials(); number++) {
      Path file = trialsFolder.resolve(trialName(side, number) + ".json");
      if (Files.isRegularFile(file)) {
        try {
          found.add(Baseline.load(file));
        } catch (Baseline.BaselineException e) {
          err.println(
              "ab: trial " + number + " of side " + side + " is not used: " + e.getMessage());
        }
      }
    }
    return found;
  }

  /** Runs a command with its output in {@code log}; the exit status. */
  private int exec(List<String> command, Path dir, Path log, Map<String, String> env)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    Process process = builder.start();
    current = process;
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
      return -1;
    } finally {
      current = null;
    }
  }

  private Optional<String> git(String... arguments) {
    List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
    command.addAll(List.of(arguments));
    try {
      Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
      String text = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return git.waitFor() == 0 && !text.isEmpty() ? Optional.of(text) : Optional.empty();
    } catch (IOException e) {
      throw new AbCommand.AbException("git is needed to take a side's files: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
