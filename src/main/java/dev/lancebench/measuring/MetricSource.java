package dev.lancebench.measuring;

import java.util.Optional;

/**
 * One source of numbers around a measured round, in the manner of JMH's internal profilers: {@link
 * #before()} takes a snapshot, {@link #after(Readings)} puts the deltas. A source that cannot
 * measure on this platform says why in {@link #unavailableReason()} and is not called.
 */
public interface MetricSource extends AutoCloseable {

  /** Short id for reports, e.g. "os-io". */
  String id();

  /** Empty when the source works here; otherwise one line saying why its measures are absent. */
  Optional<String> unavailableReason();

  void before();

  /** Just before each measured invocation, outside its timing; most sources need nothing here. */
  default void beforeInvocation() {}

  /** Just after each measured invocation, outside its timing. */
  default void afterInvocation() {}

  /** Puts what happened since {@link #before()}; puts nothing for a measure that did not occur. */
  void after(Readings readings);

  @Override
  default void close() {}
}
