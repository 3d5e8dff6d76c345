package dev.lancebench.running;

import dev.lancebench.reporting.Baseline;
import dev.lancebench.reporting.ReportPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The run's copies of the baselines it compares with, taken by its first JVM before anything is
 * measured: every JVM of the run compares with the same numbers, even when the run saves a baseline
 * of the same name. A baseline that cannot be used is said at once; the run still measures and
 * writes every report, then fails with the same message.
 */
final class BaselineCopies {
  /** The copy of the first compared run; the i-th is {@code compared-baseline-<i+1>.json}. */
  static final String COMPARED_BASELINE = "compared-baseline.json";

  private String problem;

  /** The run's copy of its i-th compared baseline run. */
  static Path copyOf(RunConfig config, int i) {
    return config
        .outputDir()
        .resolve(
            i == 0
                ? COMPARED_BASELINE
                : COMPARED_BASELINE.replace(".json", "-" + (i + 1) + ".json"));
  }

  /** The compared runs as the reports read them: each copy, named as the file asked for. */
  static List<ReportPlan.ComparedRun> compared(RunConfig config) {
    List<ReportPlan.ComparedRun> runs = new ArrayList<>();
    List<Path> sources = config.baselines().compareFiles();
    for (int i = 0; i < sources.size(); i++) {
      runs.add(new ReportPlan.ComparedRun(copyOf(config, i), sources.get(i)));
    }
    return runs;
  }

  /** Copies each compared baseline that the run has no copy of yet, checking it first. */
  static BaselineCopies take(RunConfig config, PrintStream console) {
    BaselineCopies copies = new BaselineCopies();
    List<Path> sources = config.baselines().compareFiles();
    for (int i = 0; i < sources.size(); i++) {
      copies.copy(sources.get(i), copyOf(config, i), console);
    }
    return copies;
  }

  private void copy(Path source, Path copy, PrintStream console) {
    if (Files.isRegularFile(copy)) {
      return;
    }
    String failed = null;
    try {
      Baseline.load(source); // the checks and their messages name the file asked for
      Files.copy(source, copy);
    } catch (Baseline.BaselineException e) {
      failed = "The comparison was not made: " + e.getMessage();
    } catch (IOException e) {
      failed =
          "The comparison was not made: copying the baseline "
              + source.toAbsolutePath()
              + " to "
              + copy.toAbsolutePath()
              + " failed ("
              + e
              + ").";
    }
    if (failed != null) {
      problem = problem == null ? failed : problem + "\n" + failed;
      console.println(
          "lance-bench: "
              + failed
              + " The benchmarks run and their reports are "
              + "written all the same; the run then fails with this message.");
    }
  }

  /** Why the comparison cannot be made, when a baseline could not be copied. */
  Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  /**
   * The run's first JVM keeps the baseline that {@code -Dbench.save=NAME} is about to replace as
   * {@code NAME.previous.json}: a run of a few benchmarks saved under the name of a whole suite's
   * would otherwise drop the others without a word.
   */
  static void keepThePreviousSave(RunConfig config, PrintStream console) {
    Optional<Path> save = config.baselines().saveFile();
    if (save.isEmpty() || !Files.isRegularFile(save.get())) {
      return;
    }
    Path previous =
        save.get()
            .resolveSibling(
                save.get().getFileName().toString().replaceFirst("\\.json$", "")
                    + ".previous.json");
    try {
      Files.copy(save.get(), previous, StandardCopyOption.REPLACE_EXISTING);
      console.println(
          "lance-bench: this run replaces the baseline '"
              + config.baselines().saveName().orElseThrow()
              + "' with what it measures (benchmarks it does not run are not in the new one); "
              + "the earlier one is kept as "
              + previous.toAbsolutePath()
              + " (-Dbench.compare="
              + config.baselines().saveName().orElseThrow()
              + ".previous compares with it).");
    } catch (IOException e) {
      console.println(
          "lance-bench: the baseline "
              + save.get().toAbsolutePath()
              + " could not be kept before "
              + "this run replaces it ("
              + e
              + ").");
    }
  }
}
