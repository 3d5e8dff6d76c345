package dev.lancebench.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.datasets.BatchSource;
import dev.lancebench.datasets.InMemoryBatches;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.running.Bench;
import dev.lancebench.running.IoMemoryBenchmark;
import dev.lancebench.settings.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lance.Dataset;
import org.openjdk.jmh.util.ListStatistics;
import org.lance.WriteParams;
import org.lance.merge.MergeInsertParams;
import org.lance.merge.MergeInsertResult;

/**
 * Concurrent writers, ported from upstream's concurrency benchmark: appenders, deleters and
 * updaters on one dataset of {@value #INITIAL_ROWS} rows (more when the writers change more), all
 * started together. Each appender commits 10 appends of {@value #ROWS_PER_APPEND} rows; each
 * deleter 5 deletes of {@value #ROWS_PER_CHANGE} rows; each updater 5 conditional updates of
 * {@value #ROWS_PER_CHANGE} rows through {@code mergeInsert} (lance-core 7.0.0 has no {@code
 * update}). The 10 and 5 are upstream's; {@code bench.concurrent_writes.appends} (else 10 × {@code
 * bench.scale}, at least 2) sets the appends, the deletes and updates being half of them. A fresh dataset before every
 * invocation (untimed); no warmup, 3 rounds.
 *
 * <p>Measured: the latency of the whole, operations per second, p50/p90/p99 of each kind of
 * operation (milliseconds, over all measured rounds) and the commit conflicts retried that can be
 * seen from Java: a conflict Lance reported and the writer retried, plus the extra attempts {@code
 * mergeInsert} reports. (Lance retries an append's or a delete's commit inside, and lance-core 7.0.0
 * does not say how often: that waiting shows in the latencies only.)
 * The check: the final rows and versions are what the operations imply, and exactly the updated
 * rows carry their new value.
 */
class ConcurrentWriteBenchmarks {
  static final int INITIAL_ROWS = 10_000;
  static final int ROWS_PER_APPEND = 100;
  static final int ROWS_PER_CHANGE = 10;
  static final int MAX_ATTEMPTS = 50;

  /** Appends per appender: 10 at full size. */
  static int appends(Bench bench) {
    return (int) bench.runSettings().sizeOr(Settings.CONCURRENT_APPENDS, 10, 2);
  }

  static final Schema SCHEMA =
      new Schema(
          List.of(
              new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
              new Field("value", FieldType.notNullable(new ArrowType.Int(64, true)), null)));

  enum Kind {
    append,
    delete,
    update
  }

  /** Rows {@code first} .. {@code first + n - 1} with {@code value = id + delta}. */
  static void fill(VectorSchemaRoot root, long first, int n, long delta) {
    BigIntVector id = (BigIntVector) root.getVector("id");
    BigIntVector value = (BigIntVector) root.getVector("value");
    id.allocateNew(n);
    value.allocateNew(n);
    for (int i = 0; i < n; i++) {
      id.set(i, first + i);
      value.set(i, first + i + delta);
    }
    id.setValueCount(n);
    value.setValueCount(n);
    root.setRowCount(n);
  }

  static BatchSource rows(BufferAllocator allocator, long first, int n, long delta) {
    return new BatchSource(allocator, SCHEMA, 1, (root, batch) -> fill(root, first, n, delta), done -> {});
  }

  /** What the writers did in one invocation. */
  static final class Outcome {
    final Map<Kind, List<Long>> nanos = new EnumMap<>(Kind.class);
    final AtomicLong conflicts = new AtomicLong();
    final AtomicLong updated = new AtomicLong();

    Outcome() {
      for (Kind kind : Kind.values()) {
        nanos.put(kind, Collections.synchronizedList(new ArrayList<>()));
      }
    }
  }

  /** Runs {@code operation}, retrying it after a commit conflict; returns its wall time. */
  static long timed(Outcome outcome, Operation operation) throws Exception {
    long start = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        operation.run();
        return System.nanoTime() - start;
      } catch (RuntimeException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (attempt >= MAX_ATTEMPTS || !(message.contains("conflict") || message.contains("retry"))) {
          throw e;
        }
        outcome.conflicts.incrementAndGet();
      }
    }
  }

  @FunctionalInterface
  interface Operation {
    void run() throws Exception;
  }

  @ParameterizedTest(name = "{0}-{1}-{2}")
  @CsvSource({"20, 10, 10", "30, 15, 15", "30, 0, 0"})
  @IoMemoryBenchmark(warmup = 0, rounds = 3, iterations = 1)
  void concurrentWriters(int appenders, int deleters, int updaters, Bench bench) throws Exception {
    int appends = appends(bench);
    int operations = Math.max(1, appends / 2);
    // deleters change ids from 0 up, updaters from the middle up: never the same rows
    long changed = (long) Math.max(deleters, updaters) * operations * ROWS_PER_CHANGE;
    long initialRows = Math.max(INITIAL_ROWS, 2 * changed);
    long updateBase = initialRows / 2;
    BufferAllocator allocator = bench.allocator();
    Path uri = bench.scratchFolder().resolve("concurrent.lance");
    String location = uri.toString();
    long[] startVersion = new long[1];
    List<Outcome> outcomes = new ArrayList<>();
    int threads = appenders + deleters + updaters;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      bench.run(
          () -> {
            LanceDatasets.deleteRecursively(uri);
            LanceDatasets.write(location, Map.of(), allocator, rows(allocator, 0, (int) initialRows, 0), true, "the dataset");
            try (Dataset fresh = LanceDatasets.open(location, Map.of(), allocator)) {
              startVersion[0] = fresh.version();
            }
          },
          () -> {
            Outcome outcome = new Outcome();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int a = 0; a < appenders; a++) {
              int appender = a;
              writers.add(pool.submit(() -> {
                start.await();
                for (int k = 0; k < appends; k++) {
                  long first = initialRows + ((long) appender * appends + k) * ROWS_PER_APPEND;
                  outcome.nanos.get(Kind.append).add(timed(outcome, () ->
                      LanceDatasets.write(location, Map.of(), allocator, rows(allocator, first, ROWS_PER_APPEND, 0), false, "an append")));
                }
                return null;
              }));
            }
            for (int d = 0; d < deleters; d++) {
              int deleter = d;
              writers.add(pool.submit(() -> {
                start.await();
                try (Dataset dataset = LanceDatasets.open(location, Map.of(), allocator)) {
                  for (int k = 0; k < operations; k++) {
                    long first = ((long) deleter * operations + k) * ROWS_PER_CHANGE;
                    outcome.nanos.get(Kind.delete).add(timed(outcome, () -> {
                      dataset.checkoutLatest();
                      dataset.delete(String.format(Locale.ROOT, "id >= %d AND id < %d", first, first + ROWS_PER_CHANGE));
                    }));
                  }
                }
                return null;
              }));
            }
            for (int u = 0; u < updaters; u++) {
              int updater = u;
              writers.add(pool.submit(() -> {
                start.await();
                try (Dataset dataset = LanceDatasets.open(location, Map.of(), allocator)) {
                  for (int k = 0; k < operations; k++) {
                    long first = updateBase + ((long) updater * operations + k) * ROWS_PER_CHANGE;
                    outcome.nanos.get(Kind.update).add(timed(outcome, () -> {
                      dataset.checkoutLatest();
                      try (InMemoryBatches source = InMemoryBatches.make(allocator, SCHEMA, 1,
                              (root, batch) -> fill(root, first, ROWS_PER_CHANGE, 1));
                          ArrowArrayStream stream = source.stream()) {
                        MergeInsertResult result = dataset.mergeInsert(
                            new MergeInsertParams(List.of("id"))
                                .withMatchedUpdateIf("source.value > target.value")
                                .withNotMatched(MergeInsertParams.WhenNotMatched.DoNothing),
                            stream);
                        result.dataset().close();
                        outcome.conflicts.addAndGet(result.stats().numAttempts() - 1);
                        outcome.updated.addAndGet(result.stats().numUpdatedRows());
                      }
                    }));
                  }
                }
                return null;
              }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
              writer.get();
            }
            synchronized (outcomes) {
              outcomes.add(outcome);
            }
            return outcome;
          });
    } finally {
      pool.shutdownNow();
    }

    // the last invocation's dataset: what the operations imply
    Outcome last = outcomes.get(outcomes.size() - 1);
    long appended = (long) appenders * appends * ROWS_PER_APPEND;
    long deleted = (long) deleters * operations * ROWS_PER_CHANGE;
    long updated = (long) updaters * operations * ROWS_PER_CHANGE;
    int commits = appenders * appends + (deleters + updaters) * operations;
    try (Dataset dataset = LanceDatasets.open(location, Map.of(), allocator)) {
      assertThat(dataset.countRows()).as("rows after the writers").isEqualTo(initialRows + appended - deleted);
      assertThat(dataset.version() - startVersion[0]).as("versions the writers committed").isEqualTo(commits);
      assertThat(dataset.countRows("value = id + 1")).as("rows with their updated value").isEqualTo(updated);
    }
    assertThat(last.updated.get()).as("rows mergeInsert counted as updated").isEqualTo(updated);

    long medianNanos = bench.samplesNanos().stream().sorted().toList().get(bench.samplesNanos().size() / 2);
    bench.extra("operations_per_second", commits / (medianNanos / 1e9));
    bench.extra(
        "conflicts_retried", outcomes.stream().mapToLong(o -> o.conflicts.get()).sum() / (double) outcomes.size());
    for (Kind kind : Kind.values()) {
      ListStatistics millis = new ListStatistics();
      outcomes.forEach(o -> o.nanos.get(kind).forEach(nanos -> millis.addValue(nanos / 1e6)));
      if (millis.getN() == 0) {
        continue;
      }
      for (int percentile : List.of(50, 90, 99)) {
        bench.extra(kind + "_p" + percentile + "_ms", millis.getPercentile(percentile));
      }
    }
  }
}
