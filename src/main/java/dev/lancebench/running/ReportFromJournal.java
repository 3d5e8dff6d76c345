package dev.lancebench.running;

import dev.lancebench.reporting.ReportPipeline;
import dev.lancebench.reporting.ReportPlan;
import dev.lancebench.reporting.RunJournal;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The command behind {@code compare/report}: the reports of a run built from its journal — a run
 * killed too hard to write them (kill -9, the OOM killer), kept as {@code unfinished-<id>.jsonl} by
 * the next run in its folder, or any {@code journal.jsonl}. The same pipeline as a run's own end:
 * table, bmf.json, results.json and report.html, into a folder of their own.
 */
public final class ReportFromJournal {
  static final int OK = 0;
  static final int PROBLEMS = 1;
  static final int ERROR = 2;

  private ReportFromJournal() {}

  static String usage() {
    return "usage: compare/report [--out DIR] JOURNAL\n"
        + "  JOURNAL   a run's journal: journal.jsonl, or an unfinished-<run id>.jsonl a later run kept\n"
        + "  --out DIR where the reports go (default: beside the journal, in a folder named after it)\n";
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Path journalFile = null;
    Path folder = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--help":
        case "-h":
          out.print(usage());
          return OK;
        case "--out":
          if (i + 1 >= args.length) {
            err.println("report: --out needs a folder");
            err.print(usage());
            return ERROR;
          }
          folder = Path.of(args[++i]);
          break;
        default:
          if (args[i].startsWith("--") || journalFile != null) {
            err.println("report: unexpected " + args[i]);
            err.print(usage());
            return ERROR;
          }
          journalFile = Path.of(args[i]);
      }
    }
    if (journalFile == null) {
      err.println("report: give the journal to build the reports of");
      err.print(usage());
      return ERROR;
    }
    RunJournal journal;
    try {
      journal = RunJournal.reading(journalFile);
    } catch (IOException e) {
      err.println("report: " + e.getMessage());
      return ERROR;
    }
    if (folder == null) {
      String name = journalFile.getFileName().toString().replaceFirst("\\.jsonl$", "");
      folder = journalFile.toAbsolutePath().getParent().resolve(name + "-reports");
    }
    ReportPlan plan = ReportPlan.into(folder);
    ReportPipeline.Outcome outcome =
        ReportPipeline.finish(
            JournalReports.build(journal.read(), journalFile.toAbsolutePath().getParent(), null),
            plan,
            out,
            name -> false);
    outcome.problems().forEach(problem -> err.println("report: " + problem));
    return outcome.problems().isEmpty() ? OK : PROBLEMS;
  }
}
