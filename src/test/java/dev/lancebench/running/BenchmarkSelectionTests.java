package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.launcher.TagFilter.excludeTags;
import static org.junit.platform.launcher.TagFilter.includeTags;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The surefire configuration selects by the tag {@value IoMemoryBenchmark#TAG}: plain {@code mvn
 * test} excludes it, {@code -Dbench} includes only it. These check that every benchmark carries it.
 */
class BenchmarkSelectionTests {

  /**
   * Test methods and parameterized templates of the benchmark classes ({@code *Benchmarks}; the
   * package also holds tests of its own, such as SearchFiltersTests, which mvn test runs).
   */
  static long countBenchmarkMethods(PostDiscoveryFilter filter) {
    TestPlan plan =
        LauncherFactory.create()
            .discover(
                request()
                    .selectors(selectPackage("dev.lancebench.benchmarks"))
                    .filters(filter)
                    .build());
    return plan.countTestIdentifiers(
        id ->
            id.getSource()
                .filter(source -> source instanceof MethodSource)
                .filter(source -> ((MethodSource) source).getClassName().endsWith("Benchmarks"))
                .isPresent());
  }

  @Test
  void benchmarksAreLeftOutWhenTheBenchmarkTagIsExcluded() {
    assertThat(countBenchmarkMethods(excludeTags(IoMemoryBenchmark.TAG))).isZero();
  }

  @Test
  void benchmarksAreFoundByTheirTag() {
    assertThat(countBenchmarkMethods(includeTags(IoMemoryBenchmark.TAG))).isGreaterThanOrEqualTo(3);
  }
}
