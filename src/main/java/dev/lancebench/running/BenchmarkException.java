package dev.lancebench.running;

/** A workload threw a checked exception; the cause is the workload's own. */
public final class BenchmarkException extends RuntimeException {
  public BenchmarkException(String message, Throwable cause) {
    super(message + ": " + cause, cause);
  }
}
