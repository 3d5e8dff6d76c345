package dev.lancebench.measuring;

import java.util.Optional;

/**
 * {@code cpu_time}: the CPU time (user + system) the whole process used in the round, every thread
 * included (Lance's native pools too), per invocation. Beside latency it tells work from waiting:
 * wall time that grows with no more CPU time was spent waiting (IO, locks, a busy machine).
 */
public final class CpuTimeSource implements MetricSource {
  private final Optional<ProcessCpuClock> clock = ProcessCpuClock.get();
  private long before;

  @Override
  public String id() {
    return "cpu-time";
  }

  @Override
  public Optional<String> unavailableReason() {
    return clock.isPresent()
        ? Optional.empty()
        : ProcessCpuClock.whyUnavailable().map(why -> "CPU time absent: " + why);
  }

  @Override
  public void before() {
    before = clock.orElseThrow().nanos();
  }

  @Override
  public void after(Readings readings) {
    readings.put(Measure.CPU_TIME, clock.orElseThrow().nanos() - before);
  }
}
