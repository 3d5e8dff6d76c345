package dev.lancebench.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.countrows.CountRowsDataset;
import dev.lancebench.running.Bench;
import dev.lancebench.running.IoMemoryBenchmark;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Dataset.countRows(filter)} with IS NULL / IS NOT NULL under each scalar index type, ported
 * from upstream's count_rows benchmarks (5 rounds of one call): whether an index answers a null
 * count without scanning the column, with its cache warm and cold.
 */
class CountRowsBenchmarks {

  enum Predicate {
    is_null("IS NULL"),
    is_not_null("IS NOT NULL");

    final String sql;

    Predicate(String sql) {
      this.sql = sql;
    }
  }

  /**
   * Upstream's index cache states: {@code warm} reuses one open dataset after one unmeasured call;
   * {@code cold} opens the dataset in a fresh session inside every measured call, no warmup (the
   * page cache is left alone: an empty index cache, not a cold disk).
   */
  enum IndexCache {
    warm,
    cold
  }

  /** The full-scan baseline, no index: one warmup, five rounds on one open dataset. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Predicate.class)
  @IoMemoryBenchmark(warmup = 1, rounds = 5, iterations = 1)
  void countRowsNoIndex(Predicate predicate, Bench bench) {
    DatasetHandle handle = bench.dataset(CountRowsDataset.NAME);
    String filter = CountRowsDataset.Column.none.column() + " " + predicate.sql;
    long counted = bench.run(handle, dataset -> dataset.countRows(filter));
    assertThat(counted).isEqualTo(expected(handle, predicate));
  }

  static Stream<Arguments> indexesPredicatesCaches() {
    CountRowsDataset.Column[] indexed =
        Arrays.stream(CountRowsDataset.Column.values())
            .filter(c -> c != CountRowsDataset.Column.none)
            .toArray(CountRowsDataset.Column[]::new);
    return Cases.times(Cases.pairs(indexed, Predicate.values()), IndexCache.values());
  }

  @ParameterizedTest(name = "{0}-{1}-{2}")
  @MethodSource("indexesPredicatesCaches")
  @IoMemoryBenchmark(warmup = 1, rounds = 5, iterations = 1)
  void countRowsIndexed(
      CountRowsDataset.Column index, Predicate predicate, IndexCache cache, Bench bench) {
    DatasetHandle handle = bench.dataset(CountRowsDataset.NAME);
    String filter = index.column() + " " + predicate.sql;
    long counted;
    if (cache == IndexCache.warm) {
      counted = bench.run(handle, dataset -> dataset.countRows(filter));
    } else {
      bench.warmup(0);
      counted = bench.runOpeningEachTime(handle, dataset -> dataset.countRows(filter));
    }
    assertThat(counted).isEqualTo(expected(handle, predicate));
  }

  private static long expected(DatasetHandle handle, Predicate predicate) {
    long nulls = (handle.rows() + 99) / 100; // every hundredth row, from the first
    return predicate == Predicate.is_null ? nulls : handle.rows() - nulls;
  }
}
