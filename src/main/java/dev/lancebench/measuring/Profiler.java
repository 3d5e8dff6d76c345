package dev.lancebench.measuring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import one.profiler.AsyncProfiler;

/**
 * {@code bench.profile}: async-profiler in this JVM, started right before a benchmark's first
 * measured invocation, paused around untimed setups, stopped after the last: warmup, dataset
 * generation, opening and setup are not in the profile. One output per benchmark: an HTML flame
 * graph for one event, a JFR recording for several (one session records them together).
 */
public final class Profiler {
  /** The events one word can name, and the async-profiler option each becomes. */
  static final List<String> EVENTS = List.of("cpu", "itimer", "wall", "alloc", "nativemem", "lock");

  /** Output formats a list may name besides the HTML flame graph. */
  static final List<String> FORMATS = List.of("collapsed", "jfr");

  /**
   * What to record: {@code description} names it in file names and reports ("cpu", "alloc+lock"),
   * {@code options} are async-profiler's start options, {@code extension} the output's ("html" or
   * "jfr").
   */
  public record Plan(String description, String options, String extension, Set<String> events) {
    public boolean records(String event) {
      return events.contains(event);
    }
  }

  /**
   * Reads {@code bench.profile}: an event ({@code cpu}), a comma list of events ({@code
   * cpu,alloc}), or async-profiler's own option string ({@code event=cpu,interval=1ms}, with {@code
   * collapsed} or {@code jfr} for those formats) for the knowledgeable. Throws {@link
   * IllegalArgumentException} naming what is wrong.
   */
  public static Plan plan(String setting) {
    String text = setting.trim();
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty: name an event, e.g. cpu");
    }
    if (text.contains("=")) {
      for (String option : text.split(",")) {
        if (option.startsWith("file=") || option.equals("file")) {
          throw new IllegalArgumentException(
              "file= is chosen per benchmark (<bench.out>/profiles/<name>.<event>.<ext>): leave it out");
        }
      }
      List<String> options = List.of(text.split(","));
      // the output formats a file name can say: JFR, collapsed stacks (one line per stack, for
      // scripts and diffs), else the HTML flame graph
      String extension =
          options.contains("jfr")
              ? "jfr"
              : options.contains("collapsed") ? "collapsed.txt" : "html";
      String event = "custom";
      for (String option : options) {
        if (option.startsWith("event=")) {
          event = option.substring(6);
        } else if (option.equals("nativemem") || option.startsWith("nativemem=")) {
          event = "nativemem";
        } else if (option.equals("alloc") || option.startsWith("alloc=")) {
          event = "alloc";
        }
      }
      return new Plan(event, text, extension, Set.of(event));
    }
    Set<String> events = new LinkedHashSet<>();
    String format = null;
    for (String word : text.toLowerCase(Locale.ROOT).split(",")) {
      String event = word.trim();
      if (FORMATS.contains(event)) {
        format = event;
        continue;
      }
      if (!EVENTS.contains(event)) {
        throw new IllegalArgumentException(
            "unknown event '"
                + event
                + "'; one of "
                + EVENTS
                + ", a comma list of them (with "
                + "collapsed or jfr for that format), or async-profiler's own options "
                + "(event=cpu,interval=1ms)");
      }
      events.add(event);
    }
    List<String> options = new ArrayList<>();
    List<String> clocks = new ArrayList<>();
    for (String event : events) {
      switch (event) {
        case "cpu":
        case "itimer":
        case "wall":
          clocks.add(event);
          break;
        default:
          options.add(event); // alloc, lock, nativemem: their default sampling
      }
    }
    if (!clocks.isEmpty()) {
      options.add(0, "event=" + clocks.get(0));
      for (String other : clocks.subList(1, clocks.size())) {
        options.add(other); // e.g. cpu and wall at once
      }
    }
    if (events.isEmpty()) {
      throw new IllegalArgumentException("no event named, only the format " + format);
    }
    if (events.size() > 1 && format == null) {
      format = "jfr"; // one session records several events together only as JFR
    }
    if (events.size() > 1 && !format.equals("jfr")) {
      throw new IllegalArgumentException("several events are recorded together only as jfr");
    }
    if (format != null) {
      options.add(format);
    }
    String extension =
        format == null ? "html" : format.equals("collapsed") ? "collapsed.txt" : format;
    return new Plan(
        String.join("+", events), String.join(",", options), extension, Set.copyOf(events));
  }

  private final AsyncProfiler profiler;
  private Plan plan;
  private String note;

  private Profiler(AsyncProfiler profiler, Plan plan) {
    this.profiler = profiler;
    this.plan = plan;
  }

  /** Loads the profiler into this JVM, or says in one line why it cannot be here. */
  public static Profiler load(Plan plan) throws UnavailableException {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    boolean supported =
        (os.contains("linux")
                && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64")))
            || os.contains("mac");
    if (!supported) {
      throw new UnavailableException(
          "Profiling not available: async-profiler's jar carries Linux x64/arm64 and macOS agents, "
              + "this is "
              + System.getProperty("os.name")
              + " "
              + arch
              + "; the benchmarks ran unprofiled");
    }
    try {
      return new Profiler(AsyncProfiler.getInstance(), plan);
    } catch (RuntimeException | LinkageError e) {
      throw new UnavailableException(
          "Profiling not available: async-profiler did not load ("
              + e
              + "); the benchmarks ran unprofiled");
    }
  }

  /** Thrown by {@link #load} with the line the report prints. */
  public static final class UnavailableException extends Exception {
    public UnavailableException(String message) {
      super(message);
    }
  }

  public Plan plan() {
    return plan;
  }

  /** One line for the report when the plan had to change (cpu fell back to the timer). */
  public Optional<String> note() {
    return Optional.ofNullable(note);
  }

  /** Where a benchmark's profile goes: readable, but safe for every file system. */
  public static Path outputFor(Path folder, String benchmark, Plan plan) {
    String safe = benchmark.replaceAll("[^A-Za-z0-9._\\-\\[\\]]", "_");
    return folder.resolve(safe + "." + plan.description() + "." + plan.extension());
  }

  /** The window the measuring engine opens, pauses and closes; writes {@code output} at close. */
  public MeasuredWindow window(Path output, String title) {
    return new MeasuredWindow() {
      private boolean running;

      @Override
      public void open() {
        try {
          Files.createDirectories(output.toAbsolutePath().getParent());
          Files.deleteIfExists(output);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot write profiles to " + output.getParent(), e);
        }
        start("start");
        running = true;
      }

      @Override
      public void pause() {
        if (running) {
          profiler.stop();
          running = false;
        }
      }

      @Override
      public void resume() {
        start("resume");
        running = true;
      }

      @Override
      public void close() {
        if (!running) {
          start("resume");
        }
        String format =
            plan.extension().equals("html")
                ? ",title=" + title.replace(',', ';')
                : plan.extension().equals("collapsed.txt") ? ",collapsed" : "";
        execute("stop,file=" + output.toAbsolutePath() + format);
        running = false;
      }

      private void start(String action) {
        String jfrFile = plan.extension().equals("jfr") ? ",file=" + output.toAbsolutePath() : "";
        try {
          execute(action + "," + plan.options() + jfrFile);
        } catch (IllegalStateException e) {
          // the kernel refuses perf events (perf_event_paranoid, containers): the timer samples
          // CPU time as well, without hardware counters
          if (plan.records("cpu") && action.equals("start")) {
            note =
                "Profiling: perf events refused ("
                    + e.getMessage()
                    + "); cpu was sampled with itimer";
            plan =
                new Plan(
                    plan.description(),
                    plan.options().replace("event=cpu", "event=itimer"),
                    plan.extension(),
                    plan.events());
            execute(action + "," + plan.options() + jfrFile);
          } else {
            throw e;
          }
        }
      }
    };
  }

  private String execute(String command) {
    try {
      return profiler.execute(command);
    } catch (IOException e) {
      throw new UncheckedIOException("async-profiler: " + command, e);
    }
  }
}
