package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.catalog.DatasetRegistry;
import dev.lancebench.reporting.CaseTime;
import dev.lancebench.reporting.Durations;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The repository's durations file stays true to the suite: recorded at the default sizes, every
 * case a benchmark method that exists, every dataset one the registry knows.
 */
class BenchDurationsFileTests {
  /** A dataset the suite cannot generate: its benchmarks ask whether it exists. */
  private static final String ONLY_ON_GOOGLE_CLOUD = "image_eda";

  @Test
  void theRepositorysDurationsAreOfThisSuiteAtItsDefaultSizes() throws Exception {
    Durations durations = Durations.load(Path.of(RunConfig.DEFAULT_DURATIONS));
    assertThat(durations.cases()).hasSizeGreaterThan(200);
    assertThat(durations.atDefaultSizes()).isTrue();
    assertThat(durations.recordedCores()).isPresent();
    DatasetRegistry registry = DatasetRegistry.standard();
    for (Map.Entry<String, CaseTime> entry : durations.cases().entrySet()) {
      String name = entry.getKey();
      String className = RunCost.className(name);
      String rest = name.substring(className.length() + 1);
      String method = rest.contains("[") ? rest.substring(0, rest.indexOf('[')) : rest;
      Class<?> benchmarks = Class.forName("dev.lancebench.benchmarks." + className);
      assertThat(Arrays.stream(benchmarks.getDeclaredMethods()).map(Method::getName))
          .as("the benchmark method of %s", name)
          .contains(method);
      assertThat(entry.getValue().wallSeconds()).as(name).isNotNegative();
      for (String dataset : entry.getValue().datasets()) {
        if (dataset.equals(ONLY_ON_GOOGLE_CLOUD)) {
          continue; // asked for (and skipped without it), never generated
        }
        assertThat(registry.find(dataset).or(() -> registry.findInMemory(dataset)))
            .as("dataset %s of %s", dataset, name)
            .isPresent();
      }
    }
  }
}
