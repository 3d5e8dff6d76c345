package dev.lancebench.benchmarks;

import dev.lancebench.datasets.BatchSource;
import dev.lancebench.datasets.InMemoryBatches;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.datasets.LanceDatasets.WriteOptions;
import dev.lancebench.datasets.LocalFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
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
import org.lance.Dataset;
import org.lance.merge.MergeInsertParams;
import org.lance.merge.MergeInsertResult;

/**
 * The writers of {@link ConcurrentWriteBenchmarks}: appenders, deleters and updaters on one
 * dataset, started together by one latch. Deleters change ids from 0 up, updaters from the middle
 * up: never the same rows.
 *
 * @param appends appends per appender, of {@value #ROWS_PER_APPEND} rows
 * @param operations deletes per deleter and updates per updater, of {@value #ROWS_PER_CHANGE} rows
 */
record ConcurrentWriters(
    Path uri,
    BufferAllocator allocator,
    int appenders,
    int deleters,
    int updaters,
    int appends,
    int operations,
    long initialRows) {
  static final int ROWS_PER_APPEND = 100;
  static final int ROWS_PER_CHANGE = 10;
  static final int MAX_ATTEMPTS = 50;

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
    return new BatchSource(
        allocator, SCHEMA, 1, (root, batch) -> fill(root, first, n, delta), done -> {});
  }

  /** What the writers did in one invocation, from the dataset's version {@code startVersion}. */
  static final class Outcome {
    final long startVersion;
    final Map<Kind, List<Long>> nanos = new EnumMap<>(Kind.class);
    final AtomicLong conflicts = new AtomicLong();
    final AtomicLong updated = new AtomicLong();

    Outcome(long startVersion) {
      this.startVersion = startVersion;
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
        if (attempt >= MAX_ATTEMPTS
            || !(message.contains("conflict") || message.contains("retry"))) {
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

  int threads() {
    return appenders + deleters + updaters;
  }

  long updateBase() {
    return initialRows / 2;
  }

  /** The rows appended, deleted and updated by one invocation's writers. */
  long appended() {
    return (long) appenders * appends * ROWS_PER_APPEND;
  }

  long deleted() {
    return (long) deleters * operations * ROWS_PER_CHANGE;
  }

  long updated() {
    return (long) updaters * operations * ROWS_PER_CHANGE;
  }

  /** The commits one invocation's writers make. */
  int commits() {
    return appenders * appends + (deleters + updaters) * operations;
  }

  /** Writes the dataset anew, of {@code initialRows} rows; returns its version. */
  long fresh() throws Exception {
    LocalFiles.deleteRecursively(uri);
    String location = uri.toString();
    LanceDatasets.write(
        location,
        Map.of(),
        allocator,
        rows(allocator, 0, (int) initialRows, 0),
        WriteOptions.create("the dataset"));
    try (Dataset fresh = LanceDatasets.open(location, Map.of(), allocator)) {
      return fresh.version();
    }
  }

  /** The k-th change of a writer, on the dataset it opened (none for an appender). */
  @FunctionalInterface
  interface Change {
    void make(Dataset dataset, int k) throws Exception;
  }

  /** A writer: waits for {@code start}, then makes {@code count} changes, each timed. */
  private Future<?> writer(
      ExecutorService pool,
      CountDownLatch start,
      Outcome outcome,
      Kind kind,
      int count,
      Change change) {
    return pool.submit(
        () -> {
          start.await();
          try (Dataset dataset =
              kind == Kind.append
                  ? null
                  : LanceDatasets.open(uri.toString(), Map.of(), allocator)) {
            for (int k = 0; k < count; k++) {
              int n = k;
              outcome.nanos.get(kind).add(timed(outcome, () -> change.make(dataset, n)));
            }
          }
          return null;
        });
  }

  /** One conditional update of {@value #ROWS_PER_CHANGE} rows from {@code first}, merged in. */
  private void update(Dataset dataset, long first, Outcome outcome) throws Exception {
    dataset.checkoutLatest();
    try (InMemoryBatches source =
            InMemoryBatches.make(
                allocator, SCHEMA, 1, (root, batch) -> fill(root, first, ROWS_PER_CHANGE, 1));
        ArrowArrayStream stream = source.stream()) {
      MergeInsertResult result =
          dataset.mergeInsert(
              new MergeInsertParams(List.of("id"))
                  .withMatchedUpdateIf("source.value > target.value")
                  .withNotMatched(MergeInsertParams.WhenNotMatched.DoNothing),
              stream);
      result.dataset().close();
      outcome.conflicts.addAndGet(result.stats().numAttempts() - 1);
      outcome.updated.addAndGet(result.stats().numUpdatedRows());
    }
  }

  /** Starts every writer on {@code pool} together and waits for all; what they did. */
  Outcome runAll(ExecutorService pool, long startVersion) throws Exception {
    String location = uri.toString();
    long updateBase = updateBase();
    Outcome outcome = new Outcome(startVersion);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> writers = new ArrayList<>();
    for (int a = 0; a < appenders; a++) {
      long firstOfAppender = initialRows + (long) a * appends * ROWS_PER_APPEND;
      writers.add(
          writer(
              pool,
              start,
              outcome,
              Kind.append,
              appends,
              (none, k) ->
                  LanceDatasets.write(
                      location,
                      Map.of(),
                      allocator,
                      rows(
                          allocator,
                          firstOfAppender + (long) k * ROWS_PER_APPEND,
                          ROWS_PER_APPEND,
                          0),
                      WriteOptions.append("an append"))));
    }
    for (int d = 0; d < deleters; d++) {
      long firstOfDeleter = (long) d * operations * ROWS_PER_CHANGE;
      writers.add(
          writer(
              pool,
              start,
              outcome,
              Kind.delete,
              operations,
              (dataset, k) -> {
                long first = firstOfDeleter + (long) k * ROWS_PER_CHANGE;
                dataset.checkoutLatest();
                dataset.delete(
                    String.format(
                        Locale.ROOT, "id >= %d AND id < %d", first, first + ROWS_PER_CHANGE));
              }));
    }
    for (int u = 0; u < updaters; u++) {
      long firstOfUpdater = updateBase + (long) u * operations * ROWS_PER_CHANGE;
      writers.add(
          writer(
              pool,
              start,
              outcome,
              Kind.update,
              operations,
              (dataset, k) ->
                  update(dataset, firstOfUpdater + (long) k * ROWS_PER_CHANGE, outcome)));
    }
    start.countDown();
    for (Future<?> writer : writers) {
      writer.get();
    }
    return outcome;
  }
}
