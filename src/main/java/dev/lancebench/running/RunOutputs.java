package dev.lancebench.running;

import dev.lancebench.reporting.Durations;
import dev.lancebench.reporting.ReportWriter;
import dev.lancebench.settings.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** What a run finds in its output folder that an earlier run left, and what becomes of it. */
final class RunOutputs {
  private RunOutputs() {}

  /** What a new run removes before it writes: an earlier run's reports and compared baselines. */
  static List<Path> earlier(RunConfig config) {
    List<Path> outputs =
        new ArrayList<>(
            List.of(
                config.bmfFile(),
                config.resultsFile(),
                config.htmlFile(),
                ReportWriter.durationsFile(config.resultsFile())));
    for (int i = 0; i < Math.max(1, config.baselines().compareFiles().size()); i++) {
      outputs.add(BaselineCopies.copyOf(config, i));
    }
    // and every copy an earlier run compared with, however many it had
    try (Stream<Path> files = Files.list(config.outputDir())) {
      files
          .filter(p -> p.getFileName().toString().matches("compared-baseline(-\\d+)?\\.json"))
          .filter(p -> !outputs.contains(p))
          .forEach(outputs::add);
    } catch (IOException e) {
      // no folder yet: nothing earlier in it
    }
    return outputs;
  }

  /**
   * A configuration error ends the run before anything is measured: the folder's earlier reports
   * are removed (when no other run holds it), so that none of them looks like this run's.
   */
  static void clearAfterConfigurationError(Settings settings, PrintStream console) {
    Path out;
    try {
      out = settings.outputDir();
    } catch (RuntimeException e) {
      return; // the output folder itself is what is wrong
    }
    List<Path> reports =
        List.of(
            out.resolve("bmf.json"),
            out.resolve("results.json"),
            out.resolve("report.html"),
            out.resolve(Durations.FILE));
    if (reports.stream().noneMatch(Files::exists) || !Files.isDirectory(out)) {
      return;
    }
    try (OutputLock lock =
        OutputLock.take(
            out,
            "configuration-error-" + UUID.randomUUID(),
            OutputLock.Owner.of(ProcessHandle.current()),
            Settings.OUTPUT_DIR.key())) {
      for (Path report : reports) {
        Files.deleteIfExists(report);
      }
      console.println(
          "lance-bench: the reports of an earlier run in "
              + out.toAbsolutePath()
              + " were removed: this run ends before measuring (a configuration error), and "
              + "they must not look like its own.");
    } catch (RuntimeException | IOException e) {
      // another run holds the folder, or it cannot be written: its reports are left as they are
    }
  }
}
