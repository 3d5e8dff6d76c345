package dev.lancebench.datasets;

import java.util.Map;
import java.util.Optional;

/**
 * Lance's compute pool, as the native library sizes it when it loads: {@code LANCE_CPU_THREADS},
 * else one thread per core less two, at least one. With one thread a full-text (INVERTED) index
 * build with positions stalls: 12,345 documents were stuck after 150 s (2 s of CPU) here, and took
 * 4 s with two. The suite's launchers (the fork wrapper under Maven, {@code datagen/gen_all}) give
 * at least two; a JVM started otherwise is refused before such a build, with the fix.
 */
public final class LanceThreads {
  public static final String VARIABLE = "LANCE_CPU_THREADS";

  private LanceThreads() {}

  /** Why an INVERTED index build would stall in a JVM with this environment, or empty. */
  static Optional<String> whyInvertedBuildStalls(Map<String, String> environment, int cores) {
    String given = environment.get(VARIABLE);
    if (given != null && !given.isBlank()) {
      try {
        int threads = Integer.parseInt(given.trim());
        if (threads < 2) {
          return Optional.of(
              VARIABLE
                  + "="
                  + given.trim()
                  + " in this JVM's environment gives Lance one compute "
                  + "thread, with which a full-text index build stalls");
        }
      } catch (NumberFormatException e) {
        return Optional.empty(); // Lance's own parse decides; not ours to second-guess
      }
      return Optional.empty();
    }
    if (cores - 2 < 2 && !"0".equals(environment.get("LANCE_IO_CORE_RESERVATION"))) {
      return Optional.of(
          VARIABLE
              + " is not set and this machine has "
              + cores
              + " cores, so Lance's compute "
              + "pool has one thread, with which a full-text index build stalls");
    }
    return Optional.empty();
  }

  /**
   * Before building an INVERTED index ({@code what}): refuses, naming the variable and the fix,
   * when this JVM's Lance has one compute thread.
   */
  public static void requireForInvertedIndex(String what) {
    whyInvertedBuildStalls(System.getenv(), Runtime.getRuntime().availableProcessors())
        .ifPresent(
            why -> {
              throw new IllegalStateException(
                  "Not building "
                      + what
                      + ": "
                      + why
                      + " (seen: stuck after 150 s where two "
                      + "threads take 4 s). Start this JVM with "
                      + VARIABLE
                      + "=2 or more in its "
                      + "environment; mvn test -Dbench and datagen/gen_all raise it themselves.");
            });
  }
}
