package dev.lancebench.running;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Marks a test method as a benchmark: it gets the JUnit tag {@value #TAG} and a {@link Bench}
 * parameter whose {@code run(...)} does the warmup, the measured rounds and the metric snapshots.
 * Works as a meta-annotation too.
 *
 * <p>A benchmark needs the process to itself: its counters ({@code /proc/self/io}, the allocation
 * tracker, the JVM's allocation counters) are process-wide. The read-write lock on {@value
 * #PROCESS} keeps JUnit's parallel execution from running two benchmarks, or a benchmark and
 * another test that takes the same lock, at once.
 *
 * <p>The defaults (1 warmup, 1 round, 1 iteration) are those of the Python suite's fixture.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag(IoMemoryBenchmark.TAG)
@ExtendWith(BenchExtension.class)
@ResourceLock(value = IoMemoryBenchmark.PROCESS, mode = ResourceAccessMode.READ_WRITE)
public @interface IoMemoryBenchmark {
  String TAG = "benchmark";

  /** The resource every benchmark locks: the process and its counters. */
  String PROCESS = "dev.lancebench.process";

  /** Unmeasured invocations before the first measured round. */
  int warmup() default 1;

  /** Measured rounds; the metric sources are read before and after each. */
  int rounds() default 1;

  /** Invocations per round; each is timed on its own, the counters are divided among them. */
  int iterations() default 1;

  /**
   * The least measured time (e.g. "2s", "500ms"): more rounds are measured until the timed
   * invocations add up to it. {@code -Dbench.min-time} sets it for every benchmark; the longer of
   * the two applies. Empty: the rounds above, no more.
   */
  String minTime() default "";
}
