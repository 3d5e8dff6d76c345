package dev.lancebench.measuring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The measuring engine's rules, without JUnit's extension or Lance: a fake clock and sources. */
class MeasurementTests {
  /** A clock the workload and the setup advance by hand. */
  final AtomicLong now = new AtomicLong();

  /** Counts "operations" the code under test does, as /proc/self/io counts reads. */
  static class OperationCounter implements MetricSource {
    final AtomicLong operations = new AtomicLong();
    final AtomicLong high = new AtomicLong();
    long start;
    int snapshots;

    @Override
    public String id() {
      return "ops";
    }

    @Override
    public Optional<String> unavailableReason() {
      return Optional.empty();
    }

    @Override
    public void before() {
      snapshots++;
      start = operations.get();
      high.set(0);
    }

    @Override
    public void after(Readings readings) {
      readings.put(Measure.OS_READ_SYSCALLS, operations.get() - start);
      readings.put(Measure.PEAK_MEMORY_BYTES, high.get());
      readings.detail("ops.detail", operations.get() - start);
    }
  }

  static final class Unavailable implements MetricSource {
    @Override
    public String id() {
      return "nothing-here";
    }

    @Override
    public Optional<String> unavailableReason() {
      return Optional.of("not on this platform");
    }

    @Override
    public void before() {
      throw new AssertionError("an unavailable source is never called");
    }

    @Override
    public void after(Readings readings) {
      throw new AssertionError("an unavailable source is never called");
    }
  }

  <R> Measurement<R> measurement(MeasurementSettings settings, MetricSource... sources) {
    return new Measurement<>(settings, List.of(sources), x -> {}, now::get);
  }

  @Test
  void warmupIsUnmeasuredAndEveryMeasuredInvocationIsTimedOnItsOwn() throws Exception {
    OperationCounter ops = new OperationCounter();
    List<Integer> calls = new ArrayList<>();
    Measurement<Integer> m = measurement(new MeasurementSettings(2, 3, 4), ops, new Unavailable());
    Measured measured =
        m.run(
            () -> {
              calls.add(calls.size());
              now.addAndGet(10 + calls.size()); // invocation k takes 10 + k ns
              ops.operations.addAndGet(2);
              return calls.size();
            });

    assertThat(calls).hasSize(2 + 3 * 4);
    assertThat(m.lastResult()).isEqualTo(14);
    assertThat(measured.rounds()).isEqualTo(3);
    assertThat(measured.iterations()).isEqualTo(4);
    assertThat(measured.samplesNanos())
        .containsExactly(13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L, 24L);
    // counters: each round's delta divided by its invocations; warmup's operations left out
    assertThat(measured.measures().get(Measure.OS_READ_SYSCALLS).perRound())
        .containsExactly(2.0, 2.0, 2.0);
    assertThat(measured.details().get("ops.detail").mean()).isEqualTo(2.0);
    assertThat(ops.snapshots).isEqualTo(3); // read around rounds, not invocations, without a setup
    assertThat(measured.unavailable()).containsEntry("nothing-here", "not on this platform");
  }

  @Test
  void theSetupIsOutsideTheTimerAndEveryCounter() throws Exception {
    OperationCounter ops = new OperationCounter();
    Measurement<String> m = measurement(new MeasurementSettings(1, 2, 3), ops);
    List<Integer> setups = new ArrayList<>();
    Measured measured =
        m.run(
            () -> {
              setups.add(setups.size());
              now.addAndGet(1_000_000); // a slow setup
              ops.operations.addAndGet(100); // that does a lot of IO
              ops.high.set(999); // and holds much memory
              return setups.size();
            },
            invocation -> {
              now.addAndGet(7);
              ops.operations.incrementAndGet();
              ops.high.accumulateAndGet(5, Math::max);
              return "done";
            });

    assertThat(setups).hasSize(1 + 2 * 3);
    assertThat(measured.samplesNanos()).containsOnly(7L).hasSize(6);
    assertThat(measured.measures().get(Measure.OS_READ_SYSCALLS).perRound())
        .containsExactly(1.0, 1.0);
    assertThat(measured.measures().get(Measure.PEAK_MEMORY_BYTES).max()).isEqualTo(5.0);
  }

  /** One invocation's resources, as a benchmark's setup hands them over. */
  private final class Resource implements AutoCloseable {
    final int id;
    final List<String> events;

    Resource(int id, List<String> events) {
      this.id = id;
      this.events = events;
      events.add("prepare " + id);
    }

    @Override
    public void close() {
      now.addAndGet(1_000_000); // a slow close
      events.add("close " + id);
    }
  }

  @Test
  void eachInvocationGetsItsOwnStateWhichIsClosedAfterItUntimed() throws Exception {
    List<String> events = new ArrayList<>();
    List<Integer> prepared = new ArrayList<>();
    Measurement<Integer> m = measurement(new MeasurementSettings(1, 1, 2));
    Measured measured =
        m.run(
            () -> {
              prepared.add(prepared.size());
              return new Resource(prepared.size(), events);
            },
            resource -> {
              events.add("run " + resource.id);
              now.addAndGet(5);
              return resource.id;
            });

    assertThat(events)
        .containsExactly(
            "prepare 1",
            "run 1",
            "close 1", // the warmup's
            "prepare 2",
            "run 2",
            "close 2",
            "prepare 3",
            "run 3",
            "close 3"); // the last closed when the measurement ends
    assertThat(m.lastResult()).isEqualTo(3);
    assertThat(measured.samplesNanos()).containsOnly(5L).hasSize(2);
  }

  @Test
  void aFailedInvocationStillClosesItsState() {
    List<String> events = new ArrayList<>();
    Assertions.assertThatThrownBy(
            () ->
                measurement(new MeasurementSettings(0, 1, 1))
                    .run(
                        () -> new Resource(1, events),
                        resource -> {
                          throw new IllegalStateException("boom");
                        }))
        .hasMessage("boom");
    assertThat(events).containsExactly("prepare 1", "close 1");
  }

  @Test
  void highWaterMarksCombineAsTheLargestAndCountersAsTheSum() {
    assertThat(Measure.Kind.HIGH_WATER.combine(3, 9)).isEqualTo(9);
    assertThat(Measure.Kind.COUNTER.combine(3, 9)).isEqualTo(12);
    assertThat(Measure.Kind.HIGH_WATER.perInvocation(90, 10)).isEqualTo(90.0);
    assertThat(Measure.Kind.COUNTER.perInvocation(90, 10)).isEqualTo(9.0);
  }

  @Test
  void aMinimumTimeAddsRoundsUntilTheMeasuredTimeReachesIt() throws Exception {
    Measurement<Integer> m = measurement(new MeasurementSettings(0, 2, 5, Duration.ofNanos(1_000)));
    Measured measured =
        m.run(
            () -> {
              now.addAndGet(30);
              return 1;
            });
    // 150 ns per round of 5: 7 rounds reach 1,050 ns
    assertThat(measured.rounds()).isEqualTo(7);
    assertThat(measured.samplesNanos()).hasSize(35);
    assertThat(measured.latency().n()).isEqualTo(35);
    assertThat(measured.latency().ci999Lower()).isNotNull();

    // the planned rounds are a floor: a long invocation still gets them all
    Measured slow =
        measurement(new MeasurementSettings(0, 3, 1, Duration.ofNanos(10)))
            .run(
                () -> {
                  now.addAndGet(1_000);
                  return 1;
                });
    assertThat(slow.rounds()).isEqualTo(3);
  }

  @Test
  void aMeasureSeenInSomeRoundsOnlyIsLeftOut() throws Exception {
    int[] round = {0};
    MetricSource sometimes =
        new MetricSource() {
          @Override
          public String id() {
            return "sometimes";
          }

          @Override
          public Optional<String> unavailableReason() {
            return Optional.empty();
          }

          @Override
          public void before() {}

          @Override
          public void after(Readings readings) {
            if (round[0]++ % 2 == 0) {
              readings.put(Measure.READ_IOPS, 4);
            }
            readings.put(Measure.READ_BYTES, 8);
          }
        };
    Measured measured = measurement(new MeasurementSettings(0, 2, 1), sometimes).run(() -> 1);
    assertThat(measured.measures()).containsOnlyKeys(Measure.READ_BYTES);
  }

  /** A window that writes down what the engine tells it. */
  static MeasuredWindow recording(List<String> events) {
    return new MeasuredWindow() {
      @Override
      public void open() {
        events.add("open");
      }

      @Override
      public void pause() {
        events.add("pause");
      }

      @Override
      public void resume() {
        events.add("resume");
      }

      @Override
      public void close() {
        events.add("close");
      }
    };
  }

  @Test
  void theWindowOpensAfterTheWarmupPausesForEachSetupAndClosesAtTheEnd() throws Exception {
    List<String> events = new ArrayList<>();
    OperationCounter ops =
        new OperationCounter() {
          @Override
          public void before() {
            events.add("snapshot");
            super.before();
          }
        };
    MeasuredWindow window = recording(events);
    Measurement<String> m = measurement(new MeasurementSettings(1, 1, 2), ops);
    m.window(window)
        .run(
            () -> events.add("setup"),
            added -> {
              events.add("run");
              return "x";
            });
    assertThat(events)
        .containsExactly(
            "setup",
            "run", // warmup: outside the window
            "setup",
            "open",
            "snapshot",
            "run",
            "pause",
            "setup",
            "resume",
            "snapshot",
            "run",
            "close");

    events.clear();
    measurement(new MeasurementSettings(1, 2, 1), ops)
        .window(window)
        .run(
            () -> {
              events.add("run");
              return "x";
            });
    assertThat(events)
        .containsExactly("run", "open", "snapshot", "run", "snapshot", "run", "close");
  }

  @Test
  void theWindowClosesWhenTheWorkloadFails() {
    List<String> events = new ArrayList<>();
    MeasuredWindow window = recording(events);
    Assertions.assertThatThrownBy(
            () ->
                measurement(new MeasurementSettings(0, 1, 1))
                    .window(window)
                    .run(
                        () -> {
                          throw new IllegalStateException("boom");
                        }))
        .hasMessage("boom");
    assertThat(events).containsExactly("open", "close");
  }

  @Test
  void anInjectedSlowdownAddsItsShareOfEachInvocationInsideTheTimer() throws Exception {
    // a clock that moves one tick per reading, so the spin ends; each invocation takes 10,000
    Measurement<Long> plain =
        new Measurement<>(
            new MeasurementSettings(0, 1, 5), List.of(), x -> {}, () -> now.incrementAndGet());
    Measured without = plain.run(() -> now.addAndGet(10_000));
    Measurement<Long> slowed =
        new Measurement<Long>(
                new MeasurementSettings(0, 1, 5), List.of(), x -> {}, () -> now.incrementAndGet())
            .injectSlowdown(0.10);
    Measured with = slowed.run(() -> now.addAndGet(10_000));
    assertThat(without.samplesNanos()).allSatisfy(s -> assertThat(s).isBetween(10_000L, 10_002L));
    // the invocation's 10,001 ticks, then a spin of a tenth of them
    assertThat(with.samplesNanos()).allSatisfy(s -> assertThat(s).isBetween(11_001L, 11_003L));
  }

  @Test
  void aSlowdownIsAShareOfZeroOrMore() {
    Measurement<Long> m = measurement(new MeasurementSettings(0, 1, 1));
    Assertions.assertThatThrownBy(() -> m.injectSlowdown(-0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fraction >= 0");
  }

  @Test
  void theMachineLoadIsTakenFromTheWarmupToTheLastRound() throws Exception {
    MachineLoadProbe probe = MachineLoadProbe.here().orElse(null);
    org.junit.jupiter.api.Assumptions.assumeTrue(probe != null, "/proc/stat is Linux's");
    Measured measured =
        new Measurement<Long>(
                new MeasurementSettings(1, 2, 2), List.of(), x -> {}, System::nanoTime)
            .machineLoad(probe)
            .run(
                () -> {
                  Thread.sleep(20);
                  return 1L;
                });
    // five invocations of 20 ms at least: the window is that long, and says how many cores
    assertThat(measured.load().seconds()).isGreaterThanOrEqualTo(0.1);
    assertThat(measured.load().cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(measured.load().otherCores()).isBetween(0.0, (double) measured.load().cores() + 0.5);
  }
}
