package dev.lancebench.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.countrows.CountRowsDataset;
import dev.lancebench.running.Bench;
import dev.lancebench.running.IoMemoryBenchmark;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Dataset.countRows(filter)} with IS NULL / IS NOT NULL under each scalar index type, ported
 * from upstream's count_rows benchmark (1 warmup, 5 rounds): whether an index answers a null count
 * without scanning the column.
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

  static Stream<Arguments> indexesAndPredicates() {
    return Cases.pairs(CountRowsDataset.Column.values(), Predicate.values());
  }

  @ParameterizedTest(name = "{0}-{1}")
  @MethodSource("indexesAndPredicates")
  @IoMemoryBenchmark(warmup = 1, rounds = 5, iterations = 1)
  void countRows(CountRowsDataset.Column index, Predicate predicate, Bench bench) {
    DatasetHandle handle = bench.dataset(CountRowsDataset.NAME);
    String filter = index.column() + " " + predicate.sql;
    long counted = bench.run(handle, dataset -> dataset.countRows(filter));

    long nulls = (handle.rows() + 99) / 100; // every hundredth row, from the first
    assertThat(counted).isEqualTo(predicate == Predicate.is_null ? nulls : handle.rows() - nulls);
  }
}
