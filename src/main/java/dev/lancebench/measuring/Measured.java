package dev.lancebench.measuring;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one measurement produced, immutable: the rounds and invocations actually measured, every
 * invocation's wall time in order, their statistics, and per measure (and detail) the value per
 * invocation of every round. A measure that was not measured is absent; {@code unavailable} says
 * why, per source. {@code load} is how busy the machine was meanwhile (null where it cannot be
 * read, and in results saved before it was recorded).
 */
public record Measured(
    int rounds,
    int iterations,
    List<Long> samplesNanos,
    TimingStatistics latency,
    Map<Measure, MeasureSummary> measures,
    Map<String, MeasureSummary> details,
    Map<String, String> unavailable,
    MachineLoad load) {

  public Measured {
    samplesNanos = List.copyOf(samplesNanos);
    // copies that keep the order the reports print them in: Measure's, then the sources'
    measures = measures.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(measures));
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    unavailable = Collections.unmodifiableMap(new LinkedHashMap<>(unavailable));
  }
}
