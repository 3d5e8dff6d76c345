package dev.lancebench.running;

/** The code a benchmark measures when it needs no dataset handed in. */
@FunctionalInterface
public interface Workload<R> {
  R run() throws Exception;
}
