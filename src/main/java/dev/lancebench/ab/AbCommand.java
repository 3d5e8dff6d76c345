package dev.lancebench.ab;

import dev.lancebench.settings.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The command behind {@code compare/ab}: "is build B slower than build A?" answered in one sitting.
 * Builds each side once into a folder of its own, makes the selection's datasets once, then runs N
 * trials a side — each trial the selected benchmarks in fresh JVMs, as {@code mvn test -Dbench}
 * does — interleaved A B B A ..., and compares B's trials with A's through the one report pipeline
 * (table, results.json, report.html, gate). A failed trial is reported with its side and number and
 * the others are compared; Ctrl-C compares the trials that finished.
 */
public final class AbCommand {
  static final int OK = 0;
  static final int REGRESSED = 1;
  static final int ERROR = 2;

  private final Path root;
  private final PrintStream out;
  private final PrintStream err;
  private final String maven;

  AbCommand(Path root, PrintStream out, PrintStream err, String maven) {
    this.root = root;
    this.out = out;
    this.err = err;
    this.maven = maven;
  }

  public static void main(String[] args) {
    Path root = Path.of(System.getProperty("lancebench.root", ".")).toAbsolutePath().normalize();
    System.exit(
        new AbCommand(root, System.out, System.err, System.getProperty("lancebench.mvn", "mvn"))
            .run(args));
  }

  static String usage() {
    return "usage: compare/ab [--trials N] [--slowdown PERCENT] [--out DIR] [--alpha A]\n"
        + "                  [--min-change PERCENT] [--fail-on-regression PERCENT] [--seed S]\n"
        + "                  A B [-- MAVEN_ARGS...]\n"
        + "  A, B            lance:VERSION (a lance-core release, or a SNAPSHOT installed in the\n"
        + "                  local Maven repository; measured by this checkout's committed suite)\n"
        + "                  or git:REVISION (a commit, branch or tag of this project)\n"
        + "  MAVEN_ARGS      what mvn test -Dbench takes: -Dtest=..., -Dbench.scale=..., -Dbench.data=...\n"
        + "  --trials N      trials a side (default 5); each runs the selection in fresh JVMs\n"
        + "  --slowdown P    slow every measured invocation of side B down by P percent on purpose\n"
        + "                  (calibration: does the comparison see it?)\n"
        + "  --out DIR       where the sides, trials and reports go (default target/ab/<time>)\n"
        + "  --alpha, --min-change, --fail-on-regression  as in compare/compare\n"
        + "  --seed S        the benchmarks' seed (bench.seed), the same in every trial; drawn\n"
        + "                  when not given\n";
  }

  /** What the command was asked. */
  record Request(
      Side a,
      Side b,
      int trials,
      double slowdown,
      Path folder,
      double alpha,
      double minChange,
      Double gate,
      long seed,
      List<String> mavenArguments) {}

  int run(String[] args) {
    Request request;
    try {
      request = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("ab: " + e.getMessage());
      err.print(usage());
      return ERROR;
    }
    if (request == null) {
      out.print(usage());
      return OK;
    }
    try {
      return new AbSession(request, root, out, err, maven).run();
    } catch (AbException e) {
      err.println("ab: " + e.getMessage());
      return ERROR;
    }
  }

  Request parse(String[] args) {
    int trials = 5;
    double slowdown = 0;
    Path folder = null;
    double alpha = 0.01;
    double minChange = 3;
    Double gate = null;
    Long seed = null;
    List<String> positional = new ArrayList<>();
    List<String> mavenArguments = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        mavenArguments.addAll(List.of(args).subList(i + 1, args.length));
        break;
      }
      switch (arg) {
        case "--help":
        case "-h":
          return null;
        case "--trials":
          trials = whole(value(args, ++i, arg), arg);
          if (trials < 1) {
            throw new IllegalArgumentException("--trials takes 1 or more");
          }
          break;
        case "--slowdown":
          slowdown = number(Settings.INJECT_SLOWDOWN, value(args, ++i, arg), arg);
          break;
        case "--out":
          folder = Path.of(value(args, ++i, arg));
          break;
        case "--alpha":
          alpha = number(Settings.COMPARE_ALPHA, value(args, ++i, arg), arg);
          break;
        case "--min-change":
          minChange = number(Settings.COMPARE_MIN_CHANGE, value(args, ++i, arg), arg);
          break;
        case "--fail-on-regression":
          gate = number(Settings.FAIL_ON_REGRESSION, value(args, ++i, arg), arg);
          break;
        case "--seed":
          try {
            seed = Long.parseLong(value(args, ++i, arg).trim());
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed takes a whole number");
          }
          break;
        default:
          if (arg.startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + arg);
          }
          positional.add(arg);
      }
    }
    if (positional.size() != 2) {
      throw new IllegalArgumentException("give the two sides, A and B");
    }
    for (String argument : mavenArguments) {
      for (String owned :
          List.of("bench.trial", "bench.save", "bench.out", "bench.baselines", "bench.compare")) {
        if (argument.startsWith("-D" + owned + "=") || argument.equals("-D" + owned)) {
          throw new IllegalArgumentException(
              argument + ": compare/ab sets -D" + owned + " for each trial itself; leave it out");
        }
      }
    }
    Path chosen =
        folder != null
            ? folder.toAbsolutePath()
            : root.resolve("target/ab")
                .resolve(
                    LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    return new Request(
        Side.parse("A", positional.get(0)),
        Side.parse("B", positional.get(1)),
        trials,
        slowdown,
        chosen,
        alpha,
        minChange,
        gate,
        seed != null ? seed : new java.util.SplittableRandom().nextLong(),
        absolutePaths(mavenArguments));
  }

  /**
   * The trials run in the sides' folders: a relative path among the settings (a dataset folder, a
   * durations or storage file) is made absolute from where the command was typed.
   */
  static List<String> absolutePaths(List<String> arguments) {
    List<String> fixed = new ArrayList<>();
    for (String argument : arguments) {
      String chosen = argument;
      for (String key :
          List.of(Settings.DATA.key(), Settings.DURATIONS.key(), Settings.STORAGE_FILE.key())) {
        String prefix = "-D" + key + "=";
        if (argument.startsWith(prefix)) {
          String value = argument.substring(prefix.length());
          boolean uri = value.matches("[A-Za-z][A-Za-z0-9+.-]*://.*");
          if (!value.isEmpty() && !uri && !Path.of(value).isAbsolute()) {
            chosen = prefix + Path.of(value).toAbsolutePath().normalize();
          }
        }
      }
      fixed.add(chosen);
    }
    return List.copyOf(fixed);
  }

  /** A side that cannot be built, or nothing to compare: the message names it and the fix. */
  static final class AbException extends RuntimeException {
    AbException(String message) {
      super(message);
    }
  }

  /** The error lines at the end of a log (Maven's [ERROR] lines first), for a message. */
  static String lastErrors(Path log) {
    List<String> lines;
    try {
      lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log)";
    }
    List<String> errors =
        lines.stream()
            .filter(l -> l.contains("[ERROR]") || l.contains("error:") || l.contains("fatal:"))
            .map(l -> l.replace("[ERROR]", "").trim())
            .filter(
                l ->
                    !l.isEmpty()
                        && !l.startsWith("->")
                        && !l.startsWith("To see")
                        && !l.startsWith("Re-run")
                        && !l.startsWith("For more")
                        && !l.startsWith("[Help"))
            .toList();
    List<String> chosen = errors.isEmpty() ? lines : errors;
    return String.join(" | ", chosen.subList(Math.max(0, chosen.size() - 4), chosen.size()));
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  static String percent(double fraction) {
    return BigDecimal.valueOf(fraction * 100).stripTrailingZeros().toPlainString() + " %";
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int whole(String text, String option) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a whole number, not " + text);
    }
  }

  private static double number(
      dev.lancebench.settings.Setting<BigDecimal> setting, String text, String option) {
    try {
      return setting.parseText(text).doubleValue();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + " takes " + setting.expects() + ", not " + text);
    }
  }
}
