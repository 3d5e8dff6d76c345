package dev.lancebench.running;

/** Runs before each invocation of a benchmark's workload, outside the timer and every counter. */
@FunctionalInterface
public interface Setup {
  void run() throws Exception;
}
