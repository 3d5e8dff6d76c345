package dev.lancebench.running;

/**
 * The cache state a benchmark runs in, named as upstream names it in benchmark ids: {@code
 * [...-cache]} and {@code [...-no_cache]}.
 */
public enum Cache {
  /** Warm: the dataset opened once, Lance's caches and the page cache as the warmup left them. */
  cache,
  /**
   * Cold, as upstream's {@code no_cache}: before every invocation (untimed) a local dataset's files
   * dropped from the page cache; the invocation then opens the dataset in a fresh Lance session
   * (nothing shared with any other open) and runs the workload, both timed.
   */
  no_cache
}
