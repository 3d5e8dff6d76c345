package dev.lancebench.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.running.IoMemoryBenchmark;
import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.running.Bench;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance.Dataset;

/** Random access by row index, ported from the Python suite's random-access benchmark. */
class RandomAccessBenchmarks {
  static final int TAKE = 10;

  /**
   * Takes 10 random rows (all columns) of the dataset. The indices come from the run's seed
   * (printed, and in results.json): {@code -Dbench.seed=N} repeats them.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tpch"})
  @IoMemoryBenchmark(warmup = 0, rounds = 5, iterations = 1)
  void randomAccess(String name, Bench bench) {
    DatasetHandle handle = bench.dataset(name);
    SplittableRandom random = new SplittableRandom(bench.seed());
    List<Long> indices = new ArrayList<>();
    for (int i = 0; i < TAKE; i++) {
      indices.add(random.nextLong(handle.rows()));
    }
    try (Dataset dataset = handle.open(bench.allocator())) {
      // lance-core aborts the JVM on an unknown column: take the dataset's own names
      List<String> columns =
          dataset.getSchema().getFields().stream()
              .map(Field::getName)
              .collect(Collectors.toList());
      long rows = bench.run(dataset, d -> take(d, indices, columns));
      assertThat(rows).isEqualTo(TAKE);
    }
  }

  static long take(Dataset dataset, List<Long> indices, List<String> columns) throws Exception {
    long rows = 0;
    try (ArrowReader reader = dataset.take(indices, columns)) {
      while (reader.loadNextBatch()) {
        rows += reader.getVectorSchemaRoot().getRowCount();
      }
    }
    return rows;
  }
}
