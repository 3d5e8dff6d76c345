package dev.lancebench.running;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What is known of a benchmark JVM that died: under Maven each benchmark class runs in a JVM that
 * the build starts through {@code src/main/sh/fork/bin/java}, which leaves the JVM's exit status
 * and the last lines of its error output in {@code BENCH_FORKS/<launcher pid>.exit|.log}. Elsewhere
 * only the death itself is known.
 */
final class ForkExits {
  static final String ENVIRONMENT = "BENCH_FORKS";
  static final int LAST_LINES = 15;

  private ForkExits() {}

  static String describeDeath(Path outputDir, long pid, long launcherPid) {
    StringBuilder why =
        new StringBuilder("the JVM running it (pid ")
            .append(pid)
            .append(
                ") died before it finished: a native crash (a lance-core panic aborts the JVM), "
                    + "a kill, or System.exit/halt");
    Optional<Path> forks =
        Optional.ofNullable(System.getenv(ENVIRONMENT)).filter(s -> !s.isBlank()).map(Path::of);
    if (forks.isPresent() && launcherPid > 0) {
      Path exit = forks.get().resolve(launcherPid + ".exit");
      Path log = forks.get().resolve(launcherPid + ".log");
      try {
        if (Files.isRegularFile(exit)) {
          int status = Integer.parseInt(Files.readString(exit).trim());
          why.append("; exit status ").append(status);
          if (status > 128) {
            why.append(" (signal ")
                .append(status - 128)
                .append(signalName(status - 128))
                .append(')');
          }
        }
        if (Files.isRegularFile(log)) {
          List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
          List<String> last = lines.subList(Math.max(0, lines.size() - LAST_LINES), lines.size());
          if (!last.isEmpty()) {
            why.append("; its last error output:\n").append(String.join("\n", last));
          }
        }
      } catch (IOException | RuntimeException e) {
        why.append("; its exit record could not be read (").append(e.getMessage()).append(')');
      }
    }
    return why.toString();
  }

  /**
   * At a run's first JVM: what the launchers of earlier runs left (exit statuses, error output) is
   * no news to this run, and would pile up run after run; this JVM's own launcher's files stay.
   */
  static void clearEarlierRuns() {
    String forks = System.getenv(ENVIRONMENT);
    if (forks == null || forks.isBlank() || !Files.isDirectory(Path.of(forks))) {
      return;
    }
    long launcher = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    try (Stream<Path> files = Files.list(Path.of(forks))) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if ((name.endsWith(".exit") || name.endsWith(".log")) && !name.startsWith(launcher + ".")) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      // left for the next run to clear
    }
  }

  private static String signalName(int signal) {
    switch (signal) {
      case 6:
        return ", SIGABRT";
      case 9:
        return ", SIGKILL";
      case 11:
        return ", SIGSEGV";
      case 15:
        return ", SIGTERM";
      default:
        return "";
    }
  }
}
