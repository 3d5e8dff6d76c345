package dev.lancebench.measuring;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the metric sources read over one measured round: headline measures and details. */
public final class Readings {
  private final Map<Measure, Long> measures = new EnumMap<>(Measure.class);
  private final Map<String, Long> details = new LinkedHashMap<>();

  public void put(Measure measure, long value) {
    measures.put(measure, value);
  }

  /** A number that goes to results.json only, under {@code key} (e.g. "lance.requests"). */
  public void detail(String key, long value) {
    details.put(key, value);
  }

  /** Adds another window's readings of the same round: measures by their kind, details summed. */
  public void add(Readings other) {
    other.measures.forEach((m, v) -> measures.merge(m, v, m.kind()::combine));
    other.details.forEach((k, v) -> details.merge(k, v, Long::sum));
  }

  public Map<Measure, Long> measures() {
    return Collections.unmodifiableMap(measures);
  }

  public Map<String, Long> details() {
    return Collections.unmodifiableMap(details);
  }
}
