package dev.lancebench.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.IoMemoryBenchmark;
import dev.lancebench.datasets.BasicDataset;
import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.running.Bench;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lance.ipc.ScanOptions;

/**
 * Btree searches over the {@code basic} dataset, ported from the Python suite's search benchmarks:
 * a scan with row ids, batch size 32768, a payload column (or none) and a filter on the indexed
 * {@code row_number}.
 */
class SearchBenchmarks {

  /** The columns read besides the row id. */
  enum Payload {
    none(List.of()),
    small_strings(List.of(BasicDataset.SMALL_STRINGS)),
    integers(List.of(BasicDataset.INTEGERS));

    final List<String> columns;

    Payload(List<String> columns) {
      this.columns = columns;
    }
  }

  /** The filters on row_number, and how many rows each must return from a dataset of n rows. */
  enum Filter {
    none(null),
    equal("row_number = 100000"),
    not_equal("row_number != 100000"),
    small_range("row_number >= 100000 AND row_number <= 100007");

    final String expression;

    Filter(String expression) {
      this.expression = expression;
    }

    long expectedRows(long n) {
      long equal = n > 100_000 ? 1 : 0;
      switch (this) {
        case equal:
          return equal;
        case not_equal:
          return n - equal;
        case small_range:
          return Math.max(0, Math.min(8, n - 100_000));
        default:
          return n;
      }
    }
  }

  static Stream<Arguments> allPayloadsAllFilters() {
    return Stream.of(Payload.values())
        .flatMap(p -> Stream.of(Filter.values()).map(f -> Arguments.of(p, f)));
  }

  static Stream<Arguments> dataPayloadsAllFilters() {
    return allPayloadsAllFilters().filter(a -> a.get()[0] != Payload.none);
  }

  static ScanOptions options(Payload payload, Filter filter) {
    ScanOptions.Builder builder =
        new ScanOptions.Builder().columns(payload.columns).withRowId(true).batchSize(32768);
    if (filter.expression != null) {
      builder.filter(filter.expression);
    }
    return builder.build();
  }

  @ParameterizedTest(name = "{0}-{1}")
  @MethodSource("allPayloadsAllFilters")
  @IoMemoryBenchmark(warmup = 1, rounds = 1, iterations = 10)
  void basicBtreeSearch(Payload payload, Filter filter, Bench bench) {
    DatasetHandle basic = bench.dataset(BasicDataset.NAME);
    long rows = bench.run(basic, dataset -> bench.scan(dataset, options(payload, filter)));
    assertThat(rows).isEqualTo(filter.expectedRows(basic.rows()));
  }

  @ParameterizedTest(name = "{0}-{1}")
  @MethodSource("dataPayloadsAllFilters")
  @IoMemoryBenchmark(warmup = 1, rounds = 1, iterations = 1)
  void ioMemBasicBtreeSearch(Payload payload, Filter filter, Bench bench) {
    DatasetHandle basic = bench.dataset(BasicDataset.NAME);
    long rows = bench.run(basic, dataset -> bench.scan(dataset, options(payload, filter)));
    assertThat(rows).isEqualTo(filter.expectedRows(basic.rows()));
  }
}
