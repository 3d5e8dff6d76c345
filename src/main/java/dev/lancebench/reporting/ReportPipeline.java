package dev.lancebench.reporting;

import dev.lancebench.settings.Settings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one way from a finished run to its reports: compare it with the plan's baseline runs, write
 * the table and every file, save the baseline, then apply the gate. A run's own JVMs, the fork
 * script's rebuild after a JVM died and {@code compare/compare} all end here, so a run is reported
 * the same whichever way it ended.
 */
public final class ReportPipeline {
  private ReportPipeline() {}

  /**
   * What finishing produced: one message per output that could not be written or comparison that
   * could not be made, and the gate's message when it found regressions.
   */
  public record Outcome(List<String> problems, Optional<String> regressions) {
    public Outcome {
      problems = List.copyOf(problems);
    }

    /** The gate's message as a command's user reads it: its option, not the run's setting. */
    public Optional<String> regressionsForTheCommand() {
      return regressions.map(
          message ->
              message.replace("-D" + Settings.FAIL_ON_REGRESSION.key(), "--fail-on-regression"));
    }

    /** Every message that fails the run, problems first. */
    public List<String> failures() {
      List<String> all = new ArrayList<>(problems);
      regressions.ifPresent(all::add);
      return all;
    }
  }

  /**
   * Finishes {@code report} as {@code plan} says. {@code gated} selects the benchmarks whose
   * regressions fail this process (every JVM of a run writes the reports of all, and fails for its
   * own). A compared run that cannot be read is a problem, and the reports are written without the
   * comparison. An interrupted run gates nothing: its {@code gated} selects none.
   */
  public static Outcome finish(
      RunReport report, ReportPlan plan, PrintStream console, Predicate<String> gated) {
    List<String> problems = new ArrayList<>();
    List<Baseline> compared = List.of();
    try {
      compared = plan.loadCompared();
    } catch (Baseline.BaselineException e) {
      String problem = "The comparison was not made: " + e.getMessage();
      console.println("lance-bench: " + problem);
      problems.add(problem);
    }
    return finish(report, compared, plan, console, gated, problems);
  }

  /**
   * The same with the compared runs already read (a command that reads them to check its input).
   */
  public static Outcome finish(
      RunReport report,
      List<Baseline> compared,
      ReportPlan plan,
      PrintStream console,
      Predicate<String> gated) {
    return finish(report, compared, plan, console, gated, new ArrayList<>());
  }

  private static Outcome finish(
      RunReport report,
      List<Baseline> compared,
      ReportPlan plan,
      PrintStream console,
      Predicate<String> gated,
      List<String> problems) {
    RunReport finished =
        compared.isEmpty() ? report : report.comparedWith(compared, plan.alpha(), plan.minChange());
    problems.addAll(new ReportWriter(plan, console).writeAll(finished));
    Optional<String> regressions = Optional.empty();
    if (finished.comparison() != null && plan.gate().isOn()) {
      regressions = plan.gate().failure(finished.comparison(), gated, compared.size());
    }
    return new Outcome(problems, regressions);
  }
}
