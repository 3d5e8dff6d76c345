package dev.lancebench.running;

import dev.lancebench.measuring.BenchResult;
import dev.lancebench.measuring.MeasurementSettings;
import dev.lancebench.reporting.CaseTime;
import dev.lancebench.reporting.ReportPipeline;
import dev.lancebench.reporting.ReportPlan;
import dev.lancebench.reporting.RunJournal;
import dev.lancebench.reporting.RunReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The command behind {@code compare/merge}: the shards of one run ({@code -Dbench.shard=i/n}, each
 * on its own machine) joined into one run from their journals, and reported through the same
 * pipeline as a single run — one table, bmf.json, results.json, report.html and durations.json. A
 * benchmark two shards both measured is an error (the shards were not of one plan); a shard that is
 * missing, or whose JVM died in a benchmark, makes the merged run partial and says which.
 */
public final class MergeShards {
  static final int OK = 0;
  static final int PROBLEMS = 1;
  static final int ERROR = 2;

  private MergeShards() {}

  static String usage() {
    return "usage: compare/merge [--shards N] [--out DIR] SHARD...\n"
        + "  SHARD       a shard's output folder (its journal.jsonl), or the journal itself\n"
        + "  --shards N  how many shards the run had: a missing one makes the merge partial\n"
        + "  --out DIR   where the merged reports go (default: target/bench-merged)\n";
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Path folder = Path.of("target", "bench-merged");
    Integer expected = null;
    List<Path> shards = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--help":
        case "-h":
          out.print(usage());
          return OK;
        case "--out":
        case "--shards":
          if (i + 1 >= args.length) {
            err.println("merge: " + args[i] + " needs a value");
            err.print(usage());
            return ERROR;
          }
          if (args[i].equals("--out")) {
            folder = Path.of(args[++i]);
          } else {
            try {
              expected = Integer.parseInt(args[++i]);
              if (expected < 1) {
                throw new NumberFormatException();
              }
            } catch (NumberFormatException e) {
              err.println("merge: --shards needs a whole number of at least 1, not " + args[i]);
              return ERROR;
            }
          }
          break;
        default:
          if (args[i].startsWith("--")) {
            err.println("merge: unexpected " + args[i]);
            err.print(usage());
            return ERROR;
          }
          shards.add(Path.of(args[i]));
      }
    }
    if (shards.isEmpty()) {
      err.println("merge: give the shards' output folders (or journals) to merge");
      err.print(usage());
      return ERROR;
    }
    RunReport merged;
    try {
      merged = merge(shards, expected);
    } catch (IOException | IllegalArgumentException e) {
      err.println("merge: " + e.getMessage());
      return ERROR;
    }
    ReportPipeline.Outcome outcome =
        ReportPipeline.finish(merged, ReportPlan.into(folder), out, name -> false);
    outcome.problems().forEach(problem -> err.println("merge: " + problem));
    if (merged.partial() != null) {
      out.println("merge: the merged run is partial: " + merged.partial());
    }
    return outcome.problems().isEmpty() ? OK : PROBLEMS;
  }

  /** The shards' journals as one run; {@code expected} shards, when given, must all be there. */
  static RunReport merge(List<Path> shards, Integer expected) throws IOException {
    List<BenchResult> results = new ArrayList<>();
    Map<String, Path> measuredIn = new LinkedHashMap<>();
    Set<String> notes = new LinkedHashSet<>();
    Map<String, Map<String, Object>> datasets = new LinkedHashMap<>();
    Map<String, Object> session = new LinkedHashMap<>();
    Map<String, CaseTime> times = new LinkedHashMap<>();
    Set<Integer> present = new TreeSet<>();
    List<String> partial = new ArrayList<>();
    Instant started = null;
    Integer count = expected;
    for (Path shard : shards) {
      Path file = Files.isDirectory(shard) ? shard.resolve(RunJournal.FILE) : shard;
      RunJournal.Contents contents = RunJournal.reading(file).read();
      String shardText =
          String.valueOf(contents.session().getOrDefault(JournalReports.SHARD, "1/1"));
      Shard which;
      try {
        which = Shard.parse(shardText);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            file.toAbsolutePath() + " says it is shard '" + shardText + "', which is not i/n");
      }
      if (count == null) {
        count = which.count();
      } else if (count != which.count()) {
        throw new IllegalArgumentException(
            file.toAbsolutePath()
                + " is shard "
                + which
                + ", not one of "
                + count
                + ": merge the shards of one run");
      }
      if (!present.add(which.index())) {
        throw new IllegalArgumentException(
            "shard " + which + " was given twice (" + file.toAbsolutePath() + ")");
      }
      for (BenchResult result : contents.results()) {
        Path earlier = measuredIn.putIfAbsent(result.name(), file.toAbsolutePath());
        if (earlier != null) {
          throw new IllegalArgumentException(
              result.name()
                  + " was measured by two shards ("
                  + earlier
                  + " and "
                  + file.toAbsolutePath()
                  + "): shards must be disjoint parts of one run, made with the same durations "
                  + "file and selection");
        }
        results.add(result);
      }
      for (RunJournal.Unfinished open : contents.unfinished()) {
        results.add(
            BenchResult.unmeasured(
                open.name(),
                BenchResult.Status.FAILED,
                new MeasurementSettings(0, 1, 1),
                "did not finish: the JVM of shard " + which + " running it died or was stopped"));
        partial.add("shard " + which + " did not finish " + open.name());
      }
      notes.addAll(contents.notes());
      RunJournal.addDatasetFacts(datasets, contents.datasets());
      session.putAll(contents.session());
      times.putAll(contents.caseTimes());
      started =
          started == null || contents.started().isBefore(started) ? contents.started() : started;
    }
    notes.removeIf(note -> note.startsWith("This run is shard "));
    Set<Integer> missing = new TreeSet<>();
    for (int i = 1; i <= count; i++) {
      if (!present.contains(i)) {
        missing.add(i);
      }
    }
    if (!missing.isEmpty()) {
      partial.add(
          "shard"
              + (missing.size() == 1 ? " " : "s ")
              + missing
              + " of "
              + count
              + " missing (a failed job, or results not found): their benchmarks are not in it");
    }
    notes.add("Merged from " + present.size() + " of " + count + " shards.");
    session.put(JournalReports.SHARD, Shard.WHOLE.toString());
    RunJournal.Contents joined =
        new RunJournal.Contents(
            started, results, List.of(), new ArrayList<>(notes), datasets, session, times);
    RunReport report = JournalReports.build(joined, Path.of("."), null);
    return partial.isEmpty()
        ? report
        : new RunReport(
                report.metadata(), report.results(), report.notes(), String.join("; ", partial))
            .withCaseTimes(times);
  }
}
