package dev.lancebench.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.PageCache;
import dev.lancebench.running.Bench;
import dev.lancebench.running.IoMemoryBenchmark;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lance.Dataset;

/**
 * Random access by row index, ported from upstream's random-access benchmarks: {@code take} of 1,
 * 10 or 100 random rows (all columns), fresh indices drawn for every round in the untimed setup
 * (seeded by the run's seed), the page cache of the dataset dropped once before the rounds.
 * lance-core 7.0.0 counts no IO for {@code take}: the OS columns are the IO truth here.
 *
 * <p>Datasets as upstream's: {@code tpch} (Lance file format 2.0) and {@code tpch-2.1} on disk, and
 * their in-memory copies {@code mem-tpch} and {@code mem-tpch-2.1} ({@code memory://}, scale factor
 * 1), written once per JVM before the first of them is measured and kept open (lance-core 7.0.0
 * cannot open a {@code memory://} dataset twice). There is no page cache to drop for those.
 */
class RandomAccessBenchmarks {
  /** Takes per invocation of the parallel benchmark. */
  static final int PARALLEL_TAKES = 100;

  static Stream<Arguments> datasetsAndTakeSizes() {
    return Cases.pairs(
        new Object[] {"tpch", "tpch-2.1", "mem-tpch", "mem-tpch-2.1"}, new Object[] {1, 10, 100});
  }

  /**
   * The dataset to take from, open, and its row count; on disk it is opened here and closed after,
   * in memory it belongs to the run.
   */
  record Source(Dataset dataset, long rows, boolean owned) implements AutoCloseable {
    static Source of(String name, Bench bench) {
      if (name.startsWith("mem-")) {
        Dataset dataset = bench.inMemoryDataset(name);
        return new Source(dataset, dataset.countRows(), false);
      }
      DatasetHandle handle = bench.dataset(name);
      Dataset dataset = handle.open(bench.allocator());
      dropPageCacheOnce(bench, handle);
      return new Source(dataset, handle.rows(), true);
    }

    @Override
    public void close() {
      if (owned) {
        dataset.close();
      }
    }
  }

  @ParameterizedTest(name = "{0}-{1}")
  @MethodSource("datasetsAndTakeSizes")
  @IoMemoryBenchmark(warmup = 1, rounds = 100, iterations = 1)
  void randomAccess(String name, int rowsPerTake, Bench bench) {
    SplittableRandom random = new SplittableRandom(bench.seed());
    try (Source source = Source.of(name, bench)) {
      List<String> columns = columns(source.dataset());
      long rows =
          bench.run(
              () -> draw(random, source.rows(), rowsPerTake),
              indices -> take(source.dataset(), indices, columns));
      assertThat(rows).isEqualTo(rowsPerTake);
    }
  }

  /**
   * 100 takes per invocation spread over a pool of one thread per core; {@code takes_per_second}
   * (from the median invocation) beside the latency.
   */
  @ParameterizedTest(name = "{0}-{1}")
  @MethodSource("datasetsAndTakeSizes")
  @IoMemoryBenchmark(warmup = 1, rounds = 100, iterations = 1)
  void parallelRandomAccess(String name, int rowsPerTake, Bench bench) throws Exception {
    SplittableRandom random = new SplittableRandom(bench.seed());
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    try (Source source = Source.of(name, bench)) {
      Dataset dataset = source.dataset();
      List<String> columns = columns(dataset);
      long rows =
          bench.run(
              () -> {
                List<List<Long>> takes = new ArrayList<>();
                for (int t = 0; t < PARALLEL_TAKES; t++) {
                  takes.add(draw(random, source.rows(), rowsPerTake));
                }
                return takes;
              },
              takes -> {
                List<Future<Long>> done = new ArrayList<>();
                for (List<Long> indices : takes) {
                  done.add(pool.submit(() -> take(dataset, indices, columns)));
                }
                long total = 0;
                for (Future<Long> f : done) {
                  total += f.get();
                }
                return total;
              });
      assertThat(rows).isEqualTo((long) PARALLEL_TAKES * rowsPerTake);
    } finally {
      pool.shutdownNow();
    }
    List<Long> samples = new ArrayList<>(bench.samplesNanos());
    samples.sort(null);
    double median = samples.get(samples.size() / 2);
    bench.extra("takes_per_second", PARALLEL_TAKES / (median / 1e9));
  }

  /** lance-core aborts the JVM on an unknown column: take the dataset's own names. */
  static List<String> columns(Dataset dataset) {
    return dataset.getSchema().getFields().stream()
        .map(Field::getName)
        .collect(Collectors.toList());
  }

  static List<Long> draw(SplittableRandom random, long rows, int count) {
    List<Long> indices = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      indices.add(random.nextLong(rows));
    }
    return indices;
  }

  static void dropPageCacheOnce(Bench bench, DatasetHandle handle) {
    if (PageCache.whyNotDroppable(handle.uri()).isEmpty()) {
      PageCache.drop(handle.uri()); // untimed, before the rounds, as upstream does
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
