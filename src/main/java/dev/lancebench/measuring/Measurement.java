package dev.lancebench.measuring;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The measuring engine: warmup, then measured rounds with every metric source read around them,
 * each invocation timed on its own. Pure: it knows nothing of JUnit or Lance, so its rules are
 * tested on their own.
 *
 * <p>An untimed setup, when given, runs before every invocation (warmup and measured) outside the
 * timer and outside every counter, and returns the invocation's state (closed after it, untimed,
 * when it is {@link AutoCloseable}): the sources are then read around each invocation and the
 * invocations' readings combined into the round's ({@link Measure.Kind#combine}). Without a setup
 * they are read once around the round, which disturbs short invocations least.
 *
 * @param <R> what the workload returns
 */
public final class Measurement<R> {
  private final MeasurementSettings settings;
  private final List<MetricSource> sources;
  private final Consumer<Object> sink;
  private final LongSupplier clock;
  private MeasuredWindow window = MeasuredWindow.NONE;
  private MachineLoadProbe loadProbe;
  private MachineLoadProbe.Window loadWindow;
  private double slowdown;
  private R last;

  /**
   * @param sources in snapshot order (first = outermost); their {@code close} is the caller's
   * @param sink keeps every result alive (a JMH Blackhole), so the JIT cannot drop the work
   * @param clock nanoseconds, {@code System::nanoTime}
   */
  public Measurement(
      MeasurementSettings settings,
      List<MetricSource> sources,
      Consumer<Object> sink,
      LongSupplier clock) {
    this.settings = settings;
    this.sources = List.copyOf(sources);
    this.sink = sink;
    this.clock = clock;
  }

  /** Tells {@code window} where the measured part begins, pauses for a setup, and ends. */
  public Measurement<R> window(MeasuredWindow window) {
    this.window = window;
    return this;
  }

  /** Watches how busy the machine is from the warmup to the last round ({@link Measured#load}). */
  public Measurement<R> machineLoad(MachineLoadProbe probe) {
    this.loadProbe = probe;
    return this;
  }

  /** The same from a watch started earlier (when the benchmark's case began) to the last round. */
  public Measurement<R> machineLoad(MachineLoadProbe.Window started) {
    this.loadWindow = started;
    return this;
  }

  /**
   * Makes every measured invocation {@code fraction} slower on purpose: after it, inside the timer,
   * the thread spins for that share of the invocation's own time. For calibrating a comparison
   * (does it see a 10 % slowdown?), never for a number anyone keeps.
   */
  public Measurement<R> injectSlowdown(double fraction) {
    if (!(fraction >= 0) || Double.isInfinite(fraction)) {
      throw new IllegalArgumentException("a slowdown is a fraction >= 0, got " + fraction);
    }
    this.slowdown = fraction;
    return this;
  }

  /** The last measured invocation's result (null before {@link #run}). */
  public R lastResult() {
    return last;
  }

  /** Measures {@code workload}, the counters read around each round. */
  public Measured run(Callable<R> workload) throws Exception {
    return run(null, state -> workload.call());
  }

  /**
   * Measures {@code workload}; {@code setup} (or null) runs before each invocation, unmeasured, and
   * what it returns is the invocation's state.
   */
  public <S> Measured run(Setup<S> setup, Invocation<S, R> workload) throws Exception {
    States<S> states = new States<>(setup);
    Measured measured;
    try {
      measured = measure(states, workload);
    } catch (Exception | Error e) {
      try {
        states.closeLast();
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    states.closeLast();
    return measured;
  }

  /**
   * The states of one measurement: each closed before the next is prepared, the last at the end.
   */
  private static final class States<S> {
    private final Setup<S> setup;
    private S current;

    States(Setup<S> setup) {
      this.setup = setup;
    }

    boolean perInvocation() {
      return setup != null;
    }

    S next() throws Exception {
      closeLast();
      if (setup != null) {
        current = setup.prepare();
      }
      return current;
    }

    S current() {
      return current;
    }

    void closeLast() throws Exception {
      S done = current;
      current = null;
      if (done instanceof AutoCloseable) {
        ((AutoCloseable) done).close();
      }
    }
  }

  private <S> Measured measure(States<S> states, Invocation<S, R> workload) throws Exception {
    Map<String, String> unavailable = new LinkedHashMap<>();
    List<MetricSource> active = new ArrayList<>();
    for (MetricSource source : sources) {
      source
          .unavailableReason()
          .ifPresentOrElse(r -> unavailable.put(source.id(), r), () -> active.add(source));
    }
    MachineLoadProbe.Window load =
        loadWindow != null ? loadWindow : loadProbe == null ? null : loadProbe.start();
    for (int i = 0; i < settings.warmup(); i++) {
      sink.accept(workload.run(states.next()));
    }
    boolean perInvocation = states.perInvocation();
    int iterations = settings.iterations();
    long minNanos = settings.minTime().toNanos();
    List<Long> samples = new ArrayList<>();
    Map<Measure, List<Double>> perRound = new EnumMap<>(Measure.class);
    Map<String, List<Double>> detailsPerRound = new LinkedHashMap<>();
    long measured = 0;
    int rounds = 0;
    boolean windowOpen = false;
    try {
      while (rounds < settings.rounds()
          || (measured < minNanos
              && samples.size() + iterations <= MeasurementSettings.MAX_SAMPLES)) {
        Readings round = new Readings();
        if (!perInvocation) {
          if (!windowOpen) {
            window.open();
            windowOpen = true;
          }
          before(active);
        }
        for (int i = 0; i < iterations; i++) {
          if (perInvocation) {
            if (windowOpen) {
              window.pause();
            }
            states.next();
            if (windowOpen) {
              window.resume();
            } else {
              window.open();
              windowOpen = true;
            }
            before(active);
          }
          for (MetricSource source : active) {
            source.beforeInvocation();
          }
          long start = clock.getAsLong();
          R result = workload.run(states.current());
          long end = clock.getAsLong();
          if (slowdown > 0) {
            end = spinUntil(end + (long) ((end - start) * slowdown));
          }
          for (int s = active.size() - 1; s >= 0; s--) {
            active.get(s).afterInvocation();
          }
          sink.accept(result);
          samples.add(end - start);
          measured += end - start;
          last = result;
          if (perInvocation) {
            round.add(after(active));
          }
        }
        if (!perInvocation) {
          round = after(active);
        }
        round
            .measures()
            .forEach(
                (m, v) ->
                    perRound
                        .computeIfAbsent(m, k -> new ArrayList<>())
                        .add(m.kind().perInvocation(v, iterations)));
        round
            .details()
            .forEach(
                (k, v) ->
                    detailsPerRound
                        .computeIfAbsent(k, x -> new ArrayList<>())
                        .add((double) v / iterations));
        rounds++;
      }
    } finally {
      if (windowOpen) {
        window.close();
      }
    }
    return new Measured(
        rounds,
        iterations,
        samples,
        TimingStatistics.of(samples),
        summaries(perRound, rounds, new EnumMap<>(Measure.class)),
        summaries(detailsPerRound, rounds, new LinkedHashMap<>()),
        unavailable,
        load == null ? null : load.stop());
  }

  /** Busy-waits on the clock (no sleep: a sleeping thread would give the CPU away); returns now. */
  private long spinUntil(long deadline) {
    long now = clock.getAsLong();
    while (now < deadline) {
      Thread.onSpinWait();
      now = clock.getAsLong();
    }
    return now;
  }

  /** A measure seen in some rounds only is not comparable: kept when every round had it. */
  private static <K, M extends Map<K, MeasureSummary>> M summaries(
      Map<K, List<Double>> perRound, int rounds, M into) {
    perRound.forEach(
        (k, values) -> {
          if (values.size() == rounds) {
            into.put(k, MeasureSummary.of(values));
          }
        });
    return into;
  }

  private static void before(List<MetricSource> active) {
    for (MetricSource source : active) {
      source.before();
    }
  }

  private static Readings after(List<MetricSource> active) {
    Readings readings = new Readings();
    for (int s = active.size() - 1; s >= 0; s--) {
      active.get(s).after(readings);
    }
    return readings;
  }
}
