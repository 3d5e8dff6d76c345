package dev.lancebench.measuring;

/**
 * Told by the measuring engine when the measured part of a benchmark begins and ends, and when an
 * untimed setup interrupts it: what a profiler needs to record exactly the measured invocations.
 * Each call happens outside the timer and outside every metric source's window.
 */
public interface MeasuredWindow {
  /** Nothing listens. */
  MeasuredWindow NONE = new MeasuredWindow() {};

  /** Before the first measured invocation (after the warmup, before the first snapshot). */
  default void open() {}

  /** Before an untimed setup that comes between measured invocations. */
  default void pause() {}

  /** After that setup. */
  default void resume() {}

  /** After the last measured invocation and snapshot, or when the measurement failed. */
  default void close() {}
}
