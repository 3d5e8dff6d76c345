package dev.lancebench.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.running.Bench;
import dev.lancebench.running.IoMemoryBenchmark;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance.Dataset;
import org.lance.ipc.ScanOptions;

/**
 * Full scans and slices of a dataset, ported from the Python suite's scan benchmarks. As there
 * (pytest-benchmark's pedantic mode), no warmup: the measured invocation opens the dataset.
 */
class ScanBenchmarks {

  /** Opens the dataset and reads every row of every column, all inside the measured invocation. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tpch"})
  @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 1)
  void fullScan(String name, Bench bench) {
    DatasetHandle handle = bench.dataset(name);
    long rows =
        bench.run(
            () -> {
              try (Dataset dataset = handle.open(bench.allocator())) {
                return bench.scan(dataset, new ScanOptions.Builder().build());
              }
            });
    assertThat(rows).isEqualTo(handle.rows());
  }

  /** Opens the dataset and reads 50 rows from 100 before the end. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tpch"})
  @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 1)
  void scanSlice(String name, Bench bench) {
    DatasetHandle handle = bench.dataset(name);
    long offset = Math.max(0, handle.rows() - 100);
    long rows =
        bench.run(
            () -> {
              try (Dataset dataset = handle.open(bench.allocator())) {
                return bench.scan(
                    dataset, new ScanOptions.Builder().offset(offset).limit(50).build());
              }
            });
    assertThat(rows).isEqualTo(Math.min(50, handle.rows() - offset));
  }
}
