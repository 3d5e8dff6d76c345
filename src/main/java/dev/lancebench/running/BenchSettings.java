package dev.lancebench.running;

import dev.lancebench.IoMemoryBenchmark;
import java.lang.reflect.Method;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** The warmup, rounds and iterations of one benchmark, checked once. */
public record BenchSettings(int warmup, int rounds, int iterations) {

  static BenchSettings of(Method method) {
    IoMemoryBenchmark annotation =
        AnnotationSupport.findAnnotation(method, IoMemoryBenchmark.class)
            .orElseThrow(
                () ->
                    new ExtensionConfigurationException(
                        "Configuration error: a Bench parameter needs @IoMemoryBenchmark on method ["
                            + method.toGenericString()
                            + "]"));
    check(method, annotation.warmup() >= 0, "warmup >= 0", annotation.warmup());
    check(method, annotation.rounds() >= 1, "rounds >= 1", annotation.rounds());
    check(method, annotation.iterations() >= 1, "iterations >= 1", annotation.iterations());
    return new BenchSettings(annotation.warmup(), annotation.rounds(), annotation.iterations());
  }

  private static void check(Method method, boolean ok, String rule, int actual) {
    if (!ok) {
      throw new ExtensionConfigurationException(
          "Configuration error: @IoMemoryBenchmark on method ["
              + method.toGenericString()
              + "] must have "
              + rule
              + ", but it is "
              + actual);
    }
  }
}
