package dev.lancebench.reporting;

import dev.lancebench.measuring.BenchResult;
import dev.lancebench.measuring.MachineLoad;
import dev.lancebench.measuring.Measure;
import dev.lancebench.measuring.MeasureSummary;
import dev.lancebench.measuring.Measured;
import dev.lancebench.measuring.TimingStatistics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One side's trials of an A/B as the one run the reports show: per benchmark every trial's samples
 * together, each measure over the trials (one value per trial), and the busiest trial's machine
 * load. The verdict comes from the trials themselves ({@link Comparison#ofTrials}); this is what
 * the table and the HTML report print beside it.
 */
public final class Trials {
  private Trials() {}

  public static RunReport combine(List<Baseline> trials) {
    if (trials.isEmpty()) {
      throw new IllegalArgumentException("no trials to combine");
    }
    Map<String, List<BenchResult>> byName = new LinkedHashMap<>();
    for (Baseline trial : trials) {
      trial
          .results()
          .values()
          .forEach(r -> byName.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r));
    }
    List<BenchResult> results = new ArrayList<>();
    byName.forEach((name, all) -> results.add(benchmark(all)));
    RunMetadata first = CompareRuns.asReport(trials.get(0)).metadata();
    Instant started = first.started();
    Instant finished = first.finished();
    List<String> partial = new ArrayList<>();
    for (Baseline trial : trials) {
      RunMetadata run = CompareRuns.asReport(trial).metadata();
      started = run.started().isBefore(started) ? run.started() : started;
      finished = run.finished().isAfter(finished) ? run.finished() : finished;
      if (trial.partial() != null) {
        partial.add(trial.name() + ": " + trial.partial());
      }
    }
    List<String> notes =
        List.of(
            "One side's "
                + trials.size()
                + " trials shown as one run: each benchmark's samples of every trial together; "
                + "the changes are judged from the trials' medians.");
    RunMetadata metadata = first.spanning(started, finished);
    return new RunReport(
        metadata, results, notes, partial.isEmpty() ? null : String.join("; ", partial));
  }

  /** A benchmark over its trials: the passed ones together, else the first trial's outcome. */
  static BenchResult benchmark(List<BenchResult> trials) {
    List<BenchResult> passed =
        trials.stream().filter(r -> r.passed() && r.measured() != null).toList();
    if (passed.isEmpty()) {
      return trials.get(0);
    }
    List<Long> samples = new ArrayList<>();
    int rounds = 0;
    Map<Measure, List<Double>> measures = new EnumMap<>(Measure.class);
    Map<String, List<Double>> details = new LinkedHashMap<>();
    MachineLoad busiest = null;
    for (BenchResult r : passed) {
      samples.addAll(r.samplesNanos());
      rounds += r.rounds();
      r.measures()
          .forEach(
              (k, v) -> measures.computeIfAbsent(k, x -> new ArrayList<>()).add(k.headline(v)));
      r.details()
          .forEach((k, v) -> details.computeIfAbsent(k, x -> new ArrayList<>()).add(v.mean()));
      MachineLoad load = r.measured().load();
      if (load != null && (busiest == null || load.otherCores() > busiest.otherCores())) {
        busiest = load;
      }
    }
    Map<Measure, MeasureSummary> summaries = new EnumMap<>(Measure.class);
    measures.forEach(
        (k, v) -> {
          if (v.size() == passed.size()) {
            summaries.put(k, MeasureSummary.of(v));
          }
        });
    Map<String, MeasureSummary> detailSummaries = new LinkedHashMap<>();
    details.forEach(
        (k, v) -> {
          if (v.size() == passed.size()) {
            detailSummaries.put(k, MeasureSummary.of(v));
          }
        });
    BenchResult first = passed.get(0);
    Measured measured =
        new Measured(
            rounds,
            first.iterations(),
            samples,
            TimingStatistics.of(samples),
            summaries,
            detailSummaries,
            first.unavailable(),
            busiest);
    return new BenchResult(
        first.name(),
        BenchResult.Status.PASSED,
        null,
        first.planned(),
        measured,
        first.extras(),
        null);
  }
}
