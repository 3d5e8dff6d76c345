package dev.lancebench.benchmarks;

import static dev.lancebench.benchmarks.Merges.check;
import static dev.lancebench.benchmarks.Merges.measure;
import static dev.lancebench.benchmarks.Merges.mergeNarrow;

import dev.lancebench.benchmarks.Merges.Counts;
import dev.lancebench.benchmarks.Merges.Merged;
import dev.lancebench.benchmarks.Merges.NarrowSource;
import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.InMemoryBatches;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance.merge.MergeInsertParams;
import org.lance.merge.MergeInsertParams.WhenNotMatched;

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
    composite(List.of(MergeInsertNarrowDataset.COMPOSITE_A, MergeInsertNarrowDataset.COMPOSITE_B)),
    /** The row number again, never indexed: upstream's "no index at all" reference. */
    id_no_index(List.of(MergeInsertNarrowDataset.ID_NO_INDEX)),
    /** One indexed column and one not: Lance cannot probe the index with half a key. */
    composite_partial(
        List.of(MergeInsertNarrowDataset.COMPOSITE_A, MergeInsertNarrowDataset.ID_NO_INDEX));

    final List<String> columns;

    Key(List<String> columns) {
      this.columns = columns;
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

  // ---- upstream's newer cases: every source row an existing target row ----

  /** The whole source updates: every row matched, none inserted. */
  static Counts allUpdated(NarrowSource source) {
    return new Counts(0, source.expected.matched(), 0);
  }

  /** A one-row upsert of an existing row, 5 rounds: the extreme where a probe should win. */
  @Test
  @IoMemoryBenchmark(warmup = 1, rounds = 5, iterations = 1)
  void upsertPoint(Bench bench) {
    mergeNarrow(
        bench,
        Shape.base,
        1,
        Key.id_int,
        true,
        false,
        MergeInsertBenchmarks::upsertPlan,
        MergeInsertBenchmarks::allUpdated);
  }

  /**
   * The upsert of 1,000 or 100,000 existing rows with an empty index cache: each merge's target is
   * restored from the dataset opened in a fresh session (untimed), no warmup.
   */
  @ParameterizedTest(name = "{0}-{1}")
  @CsvSource({"1000, id_int", "1000, id_uuid4", "100000, id_int", "100000, id_uuid4"})
  @IoMemoryBenchmark(warmup = 0, rounds = 3, iterations = 1)
  void upsertColdRatioSweep(int size, Key key, Bench bench) {
    mergeNarrow(
        bench,
        Shape.base,
        size,
        key,
        true,
        true,
        MergeInsertBenchmarks::upsertPlan,
        MergeInsertBenchmarks::allUpdated);
  }

  /** The upsert of existing rows joined on {@code id_no_index}, a column with no index. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {1_000, 100_000})
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void upsertUnindexedBaseline(int size, Bench bench) {
    mergeNarrow(
        bench,
        Shape.base,
        size,
        Key.id_no_index,
        true,
        false,
        MergeInsertBenchmarks::upsertPlan,
        MergeInsertBenchmarks::allUpdated);
  }

  /**
   * The upsert of 10,000 existing rows on {@code composite_a} (indexed) with {@code id_no_index}
   * (not): the index cannot answer half a key, so Lance joins by scanning.
   */
  @Test
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void compositeKeyPartiallyIndexed(Bench bench) {
    mergeNarrow(
        bench,
        Shape.base,
        10_000,
        Key.composite_partial,
        true,
        false,
        MergeInsertBenchmarks::upsertPlan,
        MergeInsertBenchmarks::allUpdated);
  }
}
