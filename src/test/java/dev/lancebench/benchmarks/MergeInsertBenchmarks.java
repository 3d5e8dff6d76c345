package dev.lancebench.benchmarks;

import static dev.lancebench.benchmarks.Merges.check;
import static dev.lancebench.benchmarks.Merges.measure;
import static dev.lancebench.benchmarks.Merges.mergeNarrow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.benchmarks.Merges.Counts;
import dev.lancebench.benchmarks.Merges.Merged;
import dev.lancebench.benchmarks.Merges.Narrow;
import dev.lancebench.benchmarks.Merges.NarrowSource;
import dev.lancebench.benchmarks.Merges.Rows;
import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.InMemoryBatches;
import dev.lancebench.datasets.NativeEnvironment;
import dev.lancebench.datasets.mergeinsert.MergeInsertNarrowDataset;
import dev.lancebench.datasets.mergeinsert.MergeInsertNarrowDataset.Shape;
import dev.lancebench.datasets.mergeinsert.MergeInsertTargets;
import dev.lancebench.datasets.mergeinsert.MergeInsertWideDataset;
import dev.lancebench.running.Bench;
import dev.lancebench.running.IoMemoryBenchmark;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance.merge.MergeInsertParams;
import org.lance.merge.MergeInsertParams.WhenNotMatched;

/**
 * {@code merge_insert}, ported from upstream's merge_insert benchmarks (its {@code v1_indexed}
 * plan: see below), into {@code merge_insert_narrow} (10M rows) and {@code merge_insert_wide} (1M
 * wide rows). Before every invocation, untimed, the target shape's tagged version is restored as
 * the latest and the source's C stream is made from batches built once in memory: the measurement
 * is the merge and its commit. Sources are upstream's: contiguous runs of existing rows (the key
 * decides whether they are clustered in the index: {@code id_int} and {@code id_uuid7} are, {@code
 * id_uuid4} is not) and runs of new rows past the end, every matched row's value its target's + 1.
 * 1 warmup, 3 rounds, unless the case says otherwise.
 *
 * <p>The check: {@code MergeInsertStats}' inserted, updated and deleted rows equal what the source
 * implies, and the dataset's rows changed by inserted − deleted. Its {@code bytesWritten} and
 * {@code numFilesWritten} are kept as {@code bytes_written} and {@code files_written} where
 * lance-core fills them.
 *
 * <p>Upstream runs each case under two plans, {@code use_index} on ({@code v1_indexed}) and off
 * ({@code v2_hash}), and partial-schema updates with a {@code write_mode} as well; lance-core
 * 7.0.0's {@code MergeInsertParams} exposes neither, so every merge here takes Lance's default
 * plan, {@code v1_indexed}'s (see docs/parity.md). As upstream's module does, the class runs with
 * {@code LANCE_MEM_POOL_SIZE} at 160 GiB (set in the process before its first merge, restored
 * after), unless the environment already gives one.
 */
class MergeInsertBenchmarks {
  static final String MEMORY_POOL = "LANCE_MEM_POOL_SIZE";

  /**
   * Upstream's pool for its merge_insert module: DataFusion accounts every 8,192-row slice of a
   * whole-fragment source for the buffers they share, and at Lance's default (100 MB here) the
   * indexed plan's join of a 100 % update fails with "Resources exhausted" (seen at the default
   * sizes here, and upstream's own CI until it set this).
   */
  static final long POOL_BYTES = 160L << 30;

  private static Optional<String> poolBefore = Optional.empty();
  private static boolean poolSet;

  /** The pool for this class's merges, unless the environment gives one (that one wins). */
  @BeforeAll
  static void upstreamsMemoryPool() {
    if (NativeEnvironment.get(MEMORY_POOL).isEmpty()) {
      poolBefore = NativeEnvironment.set(MEMORY_POOL, Optional.of(Long.toString(POOL_BYTES)));
      poolSet = true;
    }
  }

  @AfterAll
  static void restoreMemoryPool() {
    if (poolSet) {
      NativeEnvironment.restore(MEMORY_POOL, poolBefore);
      poolSet = false;
    }
  }

  /** The key a merge joins on. */
  enum Key {
    id_int(List.of(MergeInsertNarrowDataset.ID_INT)),
    id_uuid7(List.of(MergeInsertNarrowDataset.ID_UUID7)),
    id_uuid4(List.of(MergeInsertNarrowDataset.ID_UUID4)),
    /** Both columns indexed. */
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

  /** {@code n} existing rows of base from its first (all of them when it has fewer). */
  static Narrow existing(long n) {
    return Narrow.of(Shape.base, spec -> Rows.existing(Math.min(n, spec.rows()), 0));
  }

  // ---- A. the cost model's core: merge_insert_narrow ----

  /** A one-row upsert of an existing row, 5 rounds: the extreme where a probe should win. */
  @Test
  @IoMemoryBenchmark(warmup = 1, rounds = 5, iterations = 1)
  void upsertPoint(Bench bench) {
    mergeNarrow(
        bench,
        existing(1),
        Key.id_int,
        MergeInsertBenchmarks::upsertPlan,
        MergeInsertBenchmarks::upsertCounts);
  }

  /** The upsert of 1K, 10K or 100K existing rows against a warm index, on each key type. */
  @ParameterizedTest(name = "{0}-{1}")
  @CsvSource({
    "1000, id_int", "1000, id_uuid7", "1000, id_uuid4",
    "10000, id_int", "10000, id_uuid7", "10000, id_uuid4",
    "100000, id_int", "100000, id_uuid7", "100000, id_uuid4"
  })
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void upsertRatioSweep(int size, Key key, Bench bench) {
    mergeNarrow(
        bench,
        existing(size),
        key,
        MergeInsertBenchmarks::upsertPlan,
        MergeInsertBenchmarks::upsertCounts);
  }

  /**
   * The same sweep with an empty index cache: each merge's target is restored from the dataset
   * opened in a fresh session (untimed); no warmup.
   */
  @ParameterizedTest(name = "{0}-{1}")
  @CsvSource({"1000, id_int", "1000, id_uuid4", "100000, id_int", "100000, id_uuid4"})
  @IoMemoryBenchmark(warmup = 0, rounds = 3, iterations = 1)
  void upsertColdRatioSweep(int size, Key key, Bench bench) {
    mergeNarrow(
        bench,
        existing(size).inColdCache(),
        key,
        MergeInsertBenchmarks::upsertPlan,
        MergeInsertBenchmarks::upsertCounts);
  }

  /** Time-ordered ingest: every {@code id_uuid7} key is new, so no index page should be read. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {10_000, 100_000})
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void upsertAllNewKeys(int size, Bench bench) {
    mergeNarrow(
        bench,
        Narrow.of(Shape.base, spec -> Rows.fresh(spec, size)),
        Key.id_uuid7,
        MergeInsertBenchmarks::upsertPlan,
        MergeInsertBenchmarks::upsertCounts);
  }

  /** Joining on {@code id_no_index}, a column with no index at all: the no-index reference. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {1_000, 100_000})
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void upsertUnindexedBaseline(int size, Bench bench) {
    mergeNarrow(
        bench,
        existing(size),
        Key.id_no_index,
        MergeInsertBenchmarks::upsertPlan,
        MergeInsertBenchmarks::upsertCounts);
  }

  // ---- C. clause shapes: a 10K-row source ----

  static final int CLAUSE_SOURCE_ROWS = 10_000;

  /** Half the source's keys exist (the first 5K rows), half are new. */
  static Narrow halfExisting() {
    return Narrow.of(
        Shape.base,
        spec -> {
          long half = Math.min(CLAUSE_SOURCE_ROWS / 2, spec.rows());
          return Rows.concat(Rows.existing(half, 0), Rows.fresh(spec, half));
        });
  }

  /** Dedup ingest: matched rows are left alone, the new ones inserted. */
  @Test
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void insertIfNotExists(Bench bench) {
    mergeNarrow(
        bench,
        halfExisting(),
        Key.id_int,
        params -> params.withMatchedDoNothing().withNotMatched(WhenNotMatched.InsertAll),
        source -> new Counts(source.expected.unmatched(), 0, 0));
  }

  /** No insert clause: matched rows updated, the others dropped. */
  @Test
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void updateOnly(Bench bench) {
    mergeNarrow(
        bench,
        halfExisting(),
        Key.id_int,
        params -> params.withMatchedUpdateAll().withNotMatched(WhenNotMatched.DoNothing),
        source -> new Counts(0, source.expected.matched(), 0));
  }

  /**
   * The upsert of the first 10K rows, deleting every target row the source does not name (a full
   * target scan): the target is left with the source's rows.
   */
  @Test
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void deleteBySource(Bench bench) {
    long targetRows = bench.dataset(MergeInsertNarrowDataset.NAME).rows();
    mergeNarrow(
        bench,
        existing(CLAUSE_SOURCE_ROWS),
        Key.id_int,
        params -> upsertPlan(params).withNotMatchedBySourceDelete(),
        source ->
            new Counts(
                source.expected.unmatched(),
                source.expected.matched(),
                targetRows - source.expected.matched()));
  }

  /**
   * A condition on the target's columns ({@code source.value > target.value}, true of every source
   * row) forces the target's payload to be read.
   */
  @Test
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void conditionalUpdate(Bench bench) {
    mergeNarrow(
        bench,
        existing(CLAUSE_SOURCE_ROWS),
        Key.id_int,
        params ->
            params
                .withMatchedUpdateIf("source.value > target.value")
                .withNotMatched(WhenNotMatched.InsertAll),
        MergeInsertBenchmarks::upsertCounts);
  }

  /** Both key columns indexed: each index probed and the answers combined. */
  @Test
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void compositeKeyFullyIndexed(Bench bench) {
    mergeNarrow(
        bench,
        existing(CLAUSE_SOURCE_ROWS),
        Key.composite,
        MergeInsertBenchmarks::upsertPlan,
        MergeInsertBenchmarks::upsertCounts);
  }

  /**
   * {@code composite_a} (indexed) with {@code id_no_index} (not): a partial probe would
   * under-match, so Lance joins by scanning.
   */
  @Test
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void compositeKeyPartiallyIndexed(Bench bench) {
    mergeNarrow(
        bench,
        existing(CLAUSE_SOURCE_ROWS),
        Key.composite_partial,
        MergeInsertBenchmarks::upsertPlan,
        MergeInsertBenchmarks::upsertCounts);
  }

  // ---- D. target shapes: the 10K upsert of existing rows on id_int ----

  static final int TARGET_SHAPE_ROWS = 10_000;

  /** 10 % of the target appended after the index was built: a scan is unioned in. */
  @Test
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void upsertUnindexedTail(Bench bench) {
    upsertIntoShape(bench, Shape.unindexed_tail);
  }

  /**
   * Half the target unindexed, too much to match in memory beside the index; the source straddles
   * both halves (5K rows from the start of each).
   */
  @Test
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void upsertUnindexedHalf(Bench bench) {
    mergeNarrow(
        bench,
        Narrow.of(
            Shape.unindexed_half,
            spec -> {
              long half = Math.min(TARGET_SHAPE_ROWS / 2, spec.indexedHalf());
              long unindexed = Math.min(half, spec.rows() - spec.indexedHalf());
              return Rows.concat(
                  Rows.existing(half, 0), Rows.existing(unindexed, spec.indexedHalf()));
            }),
        Key.id_int,
        MergeInsertBenchmarks::upsertPlan,
        MergeInsertBenchmarks::upsertCounts);
  }

  /** A deletion file on every fragment; the deleted rows the source names are inserted again. */
  @Test
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void upsertWithDeletionFiles(Bench bench) {
    upsertIntoShape(bench, Shape.deleted);
  }

  /** Fragments of 1,000 rows (10,000 of them at the default size): per-fragment overhead. */
  @Test
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void upsertManySmallFragments(Bench bench) {
    upsertIntoShape(bench, Shape.frags);
  }

  private static void upsertIntoShape(Bench bench, Shape shape) {
    mergeNarrow(
        bench,
        Narrow.of(shape, spec -> Rows.existing(Math.min(TARGET_SHAPE_ROWS, spec.rows()), 0)),
        Key.id_int,
        MergeInsertBenchmarks::upsertPlan,
        MergeInsertBenchmarks::upsertCounts);
  }

  // ---- E. memory and regime edges ----

  /**
   * A 1M-row source in batches of 100K, a stream read once (as every source here is): the peak
   * memory is the number of interest. One round, no warmup.
   */
  @Test
  @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 1)
  void upsertStreamingSource(Bench bench) {
    mergeNarrow(
        bench,
        existing(1_000_000).inBatchesOf(100_000),
        Key.id_int,
        MergeInsertBenchmarks::upsertPlan,
        MergeInsertBenchmarks::upsertCounts);
  }

  /** A source as large as the target: every row updated. One round, no warmup. */
  @Test
  @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 1)
  void upsertSourceEqualsTarget(Bench bench) {
    mergeNarrow(
        bench,
        Narrow.of(Shape.base, spec -> Rows.existing(spec.rows(), 0)).inBatchesOf(100_000),
        Key.id_int,
        MergeInsertBenchmarks::upsertPlan,
        MergeInsertBenchmarks::upsertCounts);
  }

  // ---- B. the write path: merge_insert_wide ----

  /** A share of every fragment's rows, as upstream's ids say it. */
  enum Fraction {
    p0_1pct(0.001, "0.1pct"),
    p1pct(0.01, "1pct"),
    p10pct(0.1, "10pct"),
    p100pct(1.0, "100pct");

    final double share;
    final String id;

    Fraction(double share, String id) {
      this.share = share;
      this.id = id;
    }

    @Override
    public String toString() {
      return id;
    }

    /** A whole-fragment update rewrites every column file it touches: one round, no warmup. */
    void configure(Bench bench) {
      if (this == p100pct) {
        bench.warmup(0);
      }
    }

    int rounds() {
      return this == p100pct ? 1 : 3;
    }
  }

  /**
   * The rows of {@code fraction} of every fragment of the wide target, spread evenly within each
   * (the harder case for an in-place column update: updated and untouched values interleave).
   */
  static long[] wideRows(long rows, double fraction) {
    int perFragment = MergeInsertWideDataset.ROWS_PER_FRAGMENT;
    List<Long> picked = new ArrayList<>();
    for (long first = 0; first < rows; first += perFragment) {
      long size = Math.min(perFragment, rows - first);
      long count = Math.max(1, Math.round(fraction * size));
      for (long j = 0; j < count; j++) {
        picked.add(first + (count == 1 ? 0 : j * (size - 1) / (count - 1)));
      }
    }
    return picked.stream().mapToLong(Long::longValue).toArray();
  }

  /** Upstream's projections of a partial-schema update: field count against byte volume. */
  enum Projection {
    /** one int64 column */
    one_scalar(List.of(MergeInsertWideDataset.column(2))),
    /** ten columns, strings and int64 */
    ten_scalars(IntStream.rangeClosed(1, 10).mapToObj(MergeInsertWideDataset::column).toList()),
    /** the 256-d vector */
    vector(List.of(MergeInsertWideDataset.VECTOR)),
    vector_and_ten_scalars(
        IntStream.concat(IntStream.rangeClosed(1, 10), IntStream.of(0))
            .mapToObj(
                k -> k == 0 ? MergeInsertWideDataset.VECTOR : MergeInsertWideDataset.column(k))
            .toList()),
    /** every column: upstream's full-schema baseline */
    full(
        MergeInsertWideDataset.schema().getFields().stream()
            .map(Field::getName)
            .filter(name -> !name.equals(MergeInsertWideDataset.ID))
            .toList());

    final List<String> columns;

    Projection(List<String> columns) {
      this.columns = columns;
    }
  }

  /**
   * Merges {@code projection}'s columns of the wide rows {@code fraction} picks into {@code
   * merge_insert_wide}: an update of matched rows only ({@code upsert} false) or an upsert; every
   * source row matches, so every one is updated.
   */
  static void mergeWide(Bench bench, Fraction fraction, Projection projection, boolean upsert) {
    fraction.configure(bench);
    DatasetHandle handle = bench.dataset(MergeInsertWideDataset.NAME);
    long[] rows = wideRows(handle.rows(), fraction.share);
    Schema schema = MergeInsertWideDataset.schema(projection.columns);
    MergeInsertParams params = new MergeInsertParams(List.of(MergeInsertWideDataset.ID));
    params =
        upsert
            ? upsertPlan(params)
            : params.withMatchedUpdateAll().withNotMatched(WhenNotMatched.DoNothing);
    try (InMemoryBatches batches =
        InMemoryBatches.make(
            bench.allocator(),
            schema,
            1,
            (root, batch) -> MergeInsertWideDataset.fill(root, rows.length, i -> rows[i], 1))) {
      assertThat(batches.rows()).as("rows in the source").isEqualTo(rows.length).isPositive();
      Merged merged = measure(bench, handle, MergeInsertTargets.BASE, batches, params);
      check(merged, 0, rows.length, 0);
    }
  }

  /** The row-fraction sweep of a one-column update (no insert clause). */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Fraction.class)
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void updateSubsetRowFraction(Fraction fraction, Bench bench) {
    bench.rounds(fraction.rounds());
    mergeWide(bench, fraction, Projection.one_scalar, false);
  }

  static Stream<Arguments> projections() {
    return Cases.pairs(
        new Object[] {
          Projection.one_scalar,
          Projection.ten_scalars,
          Projection.vector,
          Projection.vector_and_ten_scalars
        },
        new Object[] {Fraction.p1pct, Fraction.p100pct});
  }

  /** The projection sweep: field count, byte volume and both, at 1 % and 100 % of the rows. */
  @ParameterizedTest(name = "{0}-{1}")
  @MethodSource("projections")
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void updateSubsetProjection(Projection projection, Fraction fraction, Bench bench) {
    bench.rounds(fraction.rounds());
    mergeWide(bench, fraction, projection, false);
  }

  /** The full-schema upsert, the baseline of the partial updates, at 1 % and 100 %. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Fraction.class,
      names = {"p1pct", "p100pct"})
  @IoMemoryBenchmark(warmup = 1, rounds = 3, iterations = 1)
  void upsertWideFullSchema(Fraction fraction, Bench bench) {
    bench.rounds(fraction.rounds());
    mergeWide(bench, fraction, Projection.full, true);
  }
}
