package dev.lancebench.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.InMemoryBatches;
import dev.lancebench.datasets.mergeinsert.Keys;
import dev.lancebench.datasets.mergeinsert.MergeInsertNarrowDataset;
import dev.lancebench.datasets.mergeinsert.MergeInsertNarrowDataset.Shape;
import dev.lancebench.datasets.mergeinsert.MergeInsertTargets;
import dev.lancebench.datasets.mergeinsert.MergeInsertWideDataset;
import dev.lancebench.running.Bench;
import dev.lancebench.running.IoMemoryBenchmark;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.arrow.c.ArrowArrayStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance.Dataset;
import org.lance.merge.MergeInsertParams;
import org.lance.merge.MergeInsertParams.WhenNotMatched;
import org.lance.merge.MergeInsertResult;
import org.lance.merge.MergeInsertStats;

/**
 * {@code merge_insert}, ported from upstream's merge_insert benchmarks, into {@code
 * merge_insert_narrow} (and {@code merge_insert_wide}). Before every invocation, untimed, the
 * target shape's tagged version is restored as the latest, and the source's C stream is made from
 * batches built once in memory: the measurement is the merge and its commit. Half of the source's
 * keys match a target row (drawn with the run's seed), half match none, unless the case says
 * otherwise. 1 warmup, 3 rounds.
 *
 * <p>The check: {@code MergeInsertStats}' inserted, updated and deleted rows equal what the source
 * implies, computed from the rows it was built from. Its {@code bytesWritten} and {@code
 * numFilesWritten} are kept as {@code bytes_written} and {@code files_written}.
 *
 * <p>Upstream also compares three merge plans ({@code use_index} on/off and a {@code write_mode});
 * lance-core 7.0.0's {@code MergeInsertParams} exposes neither, so every merge here uses Lance's
 * default plan (the index when the key has one).
 */
class MergeInsertBenchmarks {

  /** The key a merge joins on. */
  enum Key {
    id_int(List.of(MergeInsertNarrowDataset.ID_INT)),
    id_uuid4(List.of(MergeInsertNarrowDataset.ID_UUID4)),
    composite(List.of(MergeInsertNarrowDataset.COMPOSITE_A, MergeInsertNarrowDataset.COMPOSITE_B));

    final List<String> columns;

    Key(List<String> columns) {
      this.columns = columns;
    }
  }

  /** What a source implies, computed from the rows it was built from. */
  record Expected(long matched, long unmatched, long matchedAndGreater) {}

  /** A source for the narrow dataset: the rows its keys come from, and their new values. */
  static final class NarrowSource {
    final long[] rows;
    final long[] values;
    final Expected expected;

    /**
     * {@code size} rows (at most the shape's): every other one a distinct row of {@code shape}
     * (drawn with {@code seed}), the others rows past the dataset's end, matching nothing. The new
     * value of a matched row is its value + 1 or − 1, alternately, so half pass {@code source.value
     * > target.value}.
     */
    NarrowSource(MergeInsertNarrowDataset spec, Shape shape, int size, long seed) {
      long span = shape == Shape.unindexed_tail ? spec.rows() + spec.tailRows() : spec.rows();
      int n = (int) Math.min(size, spec.rowsIn(shape));
      rows = new long[n];
      values = new long[n];
      SplittableRandom random = new SplittableRandom(seed);
      Set<Long> drawn = new HashSet<>();
      long beyond = spec.rows() + spec.tailRows();
      long matched = 0;
      long greater = 0;
      for (int i = 0; i < n; i++) {
        long row;
        if (i % 2 == 0) {
          do {
            row = random.nextLong(span);
          } while (!drawn.add(row));
        } else {
          row = beyond + i;
        }
        rows[i] = row;
        boolean bigger = (i / 2) % 2 == 0;
        values[i] = Keys.value(row) + (bigger ? 1 : -1);
        boolean present =
            row < span && !(shape == Shape.deleted && MergeInsertNarrowDataset.deleted(row));
        if (present) {
          matched++;
          if (bigger) {
            greater++;
          }
        }
      }
      expected = new Expected(matched, n - matched, greater);
    }

    InMemoryBatches batches(Bench bench) {
      return InMemoryBatches.make(
          bench.allocator(),
          MergeInsertNarrowDataset.schema(),
          1,
          (root, batch) ->
              MergeInsertNarrowDataset.fill(root, rows.length, i -> rows[i], i -> values[i]));
    }
  }

  static MergeInsertNarrowDataset narrowSpec(DatasetHandle handle) {
    return new MergeInsertNarrowDataset(handle.rows());
  }

  /**
   * Measures {@code params} with the source {@code source} on the dataset's version {@code tag}:
   * the tag restored and the stream made before each invocation (untimed). Returns the last
   * invocation's stats, with the rows the dataset held before and after that merge; the dataset is
   * left at its base, without the versions the merges made.
   */
  static Merged measure(
      Bench bench,
      DatasetHandle handle,
      String tag,
      InMemoryBatches source,
      MergeInsertParams params) {
    try (Dataset dataset = handle.open(bench.allocator())) {
      Merged last =
          bench.run(
              () -> Target.restored(dataset, tag, source),
              target -> {
                MergeInsertResult result = target.dataset.mergeInsert(params, target.stream);
                result.dataset().close();
                return new Merged(result.stats(), target.rowsBefore, -1);
              });
      long rowsAfter;
      try (Dataset latest = handle.open(bench.allocator())) {
        rowsAfter = latest.countRows();
      }
      MergeInsertStats stats = last.stats();
      // lance-core 7.0.0 fills these only on its plan without an index (0 otherwise, though files
      // were written: the file columns show them); a 0 that is not true is left out
      if (stats.numFilesWritten() > 0) {
        bench.extra("bytes_written", stats.bytesWritten());
        bench.extra("files_written", stats.numFilesWritten());
      }
      bench.extra("source_rows", source.rows());
      return new Merged(stats, last.rowsBefore(), rowsAfter);
    } finally {
      MergeInsertTargets.tidy(handle.uri(), handle.storage(), bench.allocator());
    }
  }

  /** One merge's target, restored to its tag, and its source stream: closed after the merge. */
  private static final class Target implements AutoCloseable {
    final Dataset dataset;
    final long rowsBefore;
    final ArrowArrayStream stream;

    private Target(Dataset dataset, ArrowArrayStream stream) {
      this.dataset = dataset;
      this.rowsBefore = dataset.countRows();
      this.stream = stream;
    }

    static Target restored(Dataset dataset, String tag, InMemoryBatches source) {
      return new Target(MergeInsertTargets.restore(dataset, tag), source.stream());
    }

    @Override
    public void close() {
      stream.close();
      dataset.close();
    }
  }

  /** A merge's stats and the rows of the dataset before and after it. */
  record Merged(MergeInsertStats stats, long rowsBefore, long rowsAfter) {}

  /**
   * The stats count what the source implies, and the dataset's rows changed by the rows inserted
   * less the rows deleted.
   */
  static void check(Merged merged, long inserted, long updated, long deleted) {
    MergeInsertStats stats = merged.stats();
    assertThat(merged.rowsAfter())
        .as("rows after the merge (%,d before, %s)", merged.rowsBefore(), stats)
        .isEqualTo(merged.rowsBefore() + inserted - deleted);
    assertThat(stats.numInsertedRows()).as("inserted rows (%s)", stats).isEqualTo(inserted);
    assertThat(stats.numUpdatedRows()).as("updated rows (%s)", stats).isEqualTo(updated);
    assertThat(stats.numDeletedRows()).as("deleted rows (%s)", stats).isEqualTo(deleted);
  }

  /** The rows a merge should insert, update and delete. */
  record Counts(long inserted, long updated, long deleted) {}

  /**
   * A merge into {@code merge_insert_narrow} at {@code shape} of a source of {@code size} rows
   * joined on {@code key}, with the clauses {@code plan} adds; checked against {@code expected}.
   */
  static void mergeNarrow(
      Bench bench,
      Shape shape,
      int size,
      Key key,
      UnaryOperator<MergeInsertParams> plan,
      Function<NarrowSource, Counts> expected) {
    DatasetHandle handle = bench.dataset(MergeInsertNarrowDataset.NAME);
    NarrowSource source = new NarrowSource(narrowSpec(handle), shape, size, bench.seed());
    Counts counts = expected.apply(source);
    try (InMemoryBatches batches = source.batches(bench)) {
      Merged merged =
          measure(
              bench, handle, shape.tag(), batches, plan.apply(new MergeInsertParams(key.columns)));
      check(merged, counts.inserted(), counts.updated(), counts.deleted());
    }
  }

  /** Update every matched row, insert the others. */
  static MergeInsertParams upsertPlan(MergeInsertParams params) {
    return params.withMatchedUpdateAll().withNotMatched(WhenNotMatched.InsertAll);
  }

  static Counts upsertCounts(NarrowSource source) {
    return new Counts(source.expected.unmatched(), source.expected.matched(), 0);
  }

  /** Upsert: update every matched row, insert every other; 1k, 10k, 100k source rows. */
  @ParameterizedTest(name = "{0}-{1}")
  @CsvSource({
    "1000, id_int", "1000, id_uuid4", "1000, composite",
    "10000, id_int", "10000, id_uuid4", "10000, composite",
    "100000, id_int", "100000, id_uuid4", "100000, composite"
  })
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void upsert(int size, Key key, Bench bench) {
    mergeNarrow(
        bench,
        Shape.base,
        size,
        key,
        MergeInsertBenchmarks::upsertPlan,
        MergeInsertBenchmarks::upsertCounts);
  }

  /** Insert-if-not-exists: matched rows left alone, the others inserted. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {10_000})
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void insertIfNotExists(int size, Bench bench) {
    mergeNarrow(
        bench,
        Shape.base,
        size,
        Key.id_int,
        params -> params.withMatchedDoNothing().withNotMatched(WhenNotMatched.InsertAll),
        source -> new Counts(source.expected.unmatched(), 0, 0));
  }

  /** Update-only: matched rows updated, the others dropped. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {10_000})
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void updateOnly(int size, Bench bench) {
    mergeNarrow(
        bench,
        Shape.base,
        size,
        Key.id_int,
        params -> params.withMatchedUpdateAll().withNotMatched(WhenNotMatched.DoNothing),
        source -> new Counts(0, source.expected.matched(), 0));
  }

  /**
   * Delete by source: the target rows among the first {@code size} (by {@code id_int}) that the
   * source does not name are deleted ({@code when_not_matched_by_source} delete, with that range as
   * its condition); matched and new rows are left alone. (lance-core 7.0.0's {@code
   * withMatchedDelete()} deletes nothing here: it counted the matched rows as updated and the row
   * count stayed, so the delete upstream means is measured this way.)
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {10_000})
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void deleteBySource(int size, Bench bench) {
    long range = Math.min(size, bench.dataset(MergeInsertNarrowDataset.NAME).rows());
    mergeNarrow(
        bench,
        Shape.base,
        size,
        Key.id_int,
        params ->
            params
                .withMatchedDoNothing()
                .withNotMatched(WhenNotMatched.DoNothing)
                .withNotMatchedBySourceDeleteIf(MergeInsertNarrowDataset.ID_INT + " < " + range),
        source ->
            new Counts(
                0, 0, range - Arrays.stream(source.rows).filter(row -> row < range).count()));
  }

  /** Conditional update: matched rows updated where {@code source.value > target.value}; upsert. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {10_000})
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void conditionalUpdate(int size, Bench bench) {
    mergeNarrow(
        bench,
        Shape.base,
        size,
        Key.id_int,
        params ->
            params
                .withMatchedUpdateIf("source.value > target.value")
                .withNotMatched(WhenNotMatched.InsertAll),
        source -> new Counts(source.expected.unmatched(), source.expected.matchedAndGreater(), 0));
  }

  /**
   * The 10k upsert on {@code id_int} into each target shape: rows deleted (the deleted ones a
   * source row names are inserted again), an unindexed tail (matched rows drawn over it too),
   * fragments of {@value MergeInsertNarrowDataset#SMALL_FRAGMENT_ROWS} rows.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Shape.class,
      names = {"deleted", "unindexed_tail", "frags"})
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void upsertTarget(Shape shape, Bench bench) {
    mergeNarrow(
        bench,
        shape,
        10_000,
        Key.id_int,
        MergeInsertBenchmarks::upsertPlan,
        MergeInsertBenchmarks::upsertCounts);
  }

  /** The upsert of wide rows (20 scalar columns and a 256-d vector) on {@code id}. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {10_000})
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void upsertWide(int size, Bench bench) {
    DatasetHandle handle = bench.dataset(MergeInsertWideDataset.NAME);
    int n = (int) Math.min(size, handle.rows());
    long[] rows = new long[n];
    SplittableRandom random = new SplittableRandom(bench.seed());
    Set<Long> drawn = new HashSet<>();
    long matched = 0;
    for (int i = 0; i < n; i++) {
      if (i % 2 == 0) {
        long row;
        do {
          row = random.nextLong(handle.rows());
        } while (!drawn.add(row));
        rows[i] = row;
        matched++;
      } else {
        rows[i] = handle.rows() + i;
      }
    }
    try (InMemoryBatches batches =
        InMemoryBatches.make(
            bench.allocator(),
            MergeInsertWideDataset.schema(),
            1,
            (root, batch) -> MergeInsertWideDataset.fill(root, n, i -> rows[i], 1))) {
      Merged merged =
          measure(
              bench,
              handle,
              MergeInsertTargets.BASE,
              batches,
              upsertPlan(new MergeInsertParams(List.of(MergeInsertWideDataset.ID))));
      check(merged, n - matched, matched, 0);
    }
  }
}
