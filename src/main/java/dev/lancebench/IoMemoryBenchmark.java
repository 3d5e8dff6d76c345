package dev.lancebench;

import dev.lancebench.running.BenchExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test method as a benchmark: it gets the JUnit tag {@value #TAG} and a {@link
 * dev.lancebench.running.Bench} parameter whose {@code run(...)} does the warmup, the measured
 * rounds and the metric snapshots. Works as a meta-annotation too.
 *
 * <p>The defaults (1 warmup, 1 round, 1 iteration) are those of the Python suite's fixture.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag(IoMemoryBenchmark.TAG)
@ExtendWith(BenchExtension.class)
public @interface IoMemoryBenchmark {
  String TAG = "benchmark";

  /** Unmeasured invocations before the first measured round. */
  int warmup() default 1;

  /** Measured rounds; the metric sources are read before and after each. */
  int rounds() default 1;

  /** Invocations per round; each is timed on its own, the counters are divided among them. */
  int iterations() default 1;
}
