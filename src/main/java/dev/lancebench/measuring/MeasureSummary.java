package dev.lancebench.measuring;

import java.util.List;

/**
 * One measure over the measured rounds, per invocation: each round's delta divided by the
 * invocations in it. {@code mean} is what BMF reports as the value, {@code min}/{@code max} the
 * bounds when there was more than one round.
 */
public record MeasureSummary(double mean, double min, double max, List<Double> perRound) {

  public static MeasureSummary of(List<Double> perRound) {
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : perRound) {
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return new MeasureSummary(sum / perRound.size(), min, max, List.copyOf(perRound));
  }

  public int rounds() {
    return perRound.size();
  }
}
