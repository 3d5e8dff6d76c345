package dev.lancebench.running;

/**
 * The cache state a benchmark runs in, named as upstream names it in benchmark ids: {@code
 * [...-cache]} and {@code [...-no_cache]}.
 */
public enum Cache {
  /** Warm: the dataset opened once, Lance's caches and the page cache as the warmup left them. */
  cache,
  /**
   * Cold: before every invocation (untimed), a fresh Lance session (nothing shared with any other
   * open) and, for a local dataset, its files dropped from the page cache.
   */
  no_cache
}
