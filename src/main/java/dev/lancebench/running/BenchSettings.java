package dev.lancebench.running;

import dev.lancebench.measuring.MeasurementSettings;
import dev.lancebench.settings.Setting;
import java.lang.reflect.Method;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/** The measurement settings a benchmark method declares with {@link IoMemoryBenchmark}, checked. */
final class BenchSettings {
  private BenchSettings() {}

  static MeasurementSettings of(Method method) {
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
    Duration minTime = Duration.ZERO;
    if (!annotation.minTime().isBlank()) {
      try {
        minTime = Setting.duration("minTime").parseText(annotation.minTime());
      } catch (RuntimeException e) {
        check(
            method, false, "minTime a duration such as \"2s\" or \"500ms\"", annotation.minTime());
      }
    }
    return new MeasurementSettings(
        annotation.warmup(), annotation.rounds(), annotation.iterations(), minTime);
  }

  private static void check(Method method, boolean ok, String rule, Object actual) {
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
