package dev.lancebench.measuring;

import java.time.Duration;

/**
 * How one benchmark is measured: unmeasured warmup invocations, then at least {@code rounds} rounds
 * of {@code iterations} timed invocations each, and more rounds while the measured time is under
 * {@code minTime} (as pytest-benchmark's {@code --benchmark-min-time} and JMH's time-based
 * iterations do).
 */
public record MeasurementSettings(int warmup, int rounds, int iterations, Duration minTime) {
  /** More samples than this are not taken to reach the minimum time. */
  public static final int MAX_SAMPLES = 1_000_000;

  public MeasurementSettings {
    if (warmup < 0 || rounds < 1 || iterations < 1 || minTime.isNegative()) {
      throw new IllegalArgumentException(
          "warmup >= 0, rounds >= 1, iterations >= 1 and a minimum time >= 0 are needed, got "
              + warmup
              + ", "
              + rounds
              + ", "
              + iterations
              + ", "
              + minTime);
    }
  }

  public MeasurementSettings(int warmup, int rounds, int iterations) {
    this(warmup, rounds, iterations, Duration.ZERO);
  }

  public MeasurementSettings withWarmup(int newWarmup) {
    return new MeasurementSettings(newWarmup, rounds, iterations, minTime);
  }

  public MeasurementSettings withRounds(int newRounds) {
    return new MeasurementSettings(warmup, newRounds, iterations, minTime);
  }

  public MeasurementSettings withIterations(int newIterations) {
    return new MeasurementSettings(warmup, rounds, newIterations, minTime);
  }

  /** The longer of this minimum time and {@code other}. */
  public MeasurementSettings withMinTimeAtLeast(Duration other) {
    return new MeasurementSettings(
        warmup, rounds, iterations, other.compareTo(minTime) > 0 ? other : minTime);
  }
}
