package dev.lancebench.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.benchmarks.MergeInsertBenchmarks.Key;
import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.InMemoryBatches;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.datasets.mergeinsert.Keys;
import dev.lancebench.datasets.mergeinsert.MergeInsertNarrowDataset;
import dev.lancebench.datasets.mergeinsert.MergeInsertNarrowDataset.Shape;
import dev.lancebench.datasets.mergeinsert.MergeInsertTargets;
import dev.lancebench.running.Bench;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.apache.arrow.c.ArrowArrayStream;
import org.lance.Dataset;
import org.lance.Session;
import org.lance.merge.MergeInsertParams;
import org.lance.merge.MergeInsertResult;
import org.lance.merge.MergeInsertStats;

/**
 * What {@link MergeInsertBenchmarks} merges and how one merge is measured and checked: the sources
 * built from known rows, the target restored before every invocation, the expected counts. The
 * benchmarks show each merge's plan and what it must do.
 */
final class Merges {
  private Merges() {}

  /** What a source implies, computed from the rows it was built from. */
  record Expected(long matched, long unmatched) {}

  /** Rows of a source for a narrow target, upstream's way: contiguous runs of row indices. */
  static final class Rows {
    private Rows() {}

    /** {@code n} existing rows from {@code offset}. */
    static long[] existing(long n, long offset) {
      return LongStream.range(offset, offset + n).toArray();
    }

    /** {@code n} rows past every shape's end: every key new. */
    static long[] fresh(MergeInsertNarrowDataset spec, long n) {
      long end = spec.rows() + spec.tailRows();
      return LongStream.range(end, end + n).toArray();
    }

    static long[] concat(long[] a, long[] b) {
      return LongStream.concat(LongStream.of(a), LongStream.of(b)).toArray();
    }
  }

  /**
   * A source for the narrow dataset: the rows its keys come from, the value of each its target
   * row's value + 1 (upstream's {@code value_offset=1}: every update is real, and every matched row
   * passes {@code source.value > target.value}), sent in batches of at most {@code batchRows}.
   */
  static final class NarrowSource {
    final long[] rows;
    final Expected expected;
    private final int batchRows;

    NarrowSource(MergeInsertNarrowDataset spec, Shape shape, long[] rows, int batchRows) {
      this.rows = rows;
      this.batchRows = batchRows;
      long span = shape == Shape.unindexed_tail ? spec.rows() + spec.tailRows() : spec.rows();
      long matched =
          LongStream.of(rows)
              .filter(
                  row ->
                      row < span
                          && !(shape == Shape.deleted && MergeInsertNarrowDataset.deleted(row)))
              .count();
      expected = new Expected(matched, rows.length - matched);
    }

    InMemoryBatches batches(Bench bench) {
      long count = ((long) rows.length + batchRows - 1) / batchRows;
      return InMemoryBatches.make(
          bench.allocator(),
          MergeInsertNarrowDataset.schema(),
          count,
          (root, batch) -> {
            int from = (int) (batch * batchRows);
            int n = Math.min(batchRows, rows.length - from);
            MergeInsertNarrowDataset.fill(
                root, n, i -> rows[from + i], i -> Keys.value(rows[from + i]) + 1);
          });
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
    return measure(bench, handle, tag, source, params, false);
  }

  /**
   * The same; {@code cold}: each invocation's target is restored from the dataset opened anew in a
   * fresh Lance session (untimed), so the merge starts with an empty index cache, as upstream's
   * cold merges (a checkout shares its dataset's caches).
   */
  static Merged measure(
      Bench bench,
      DatasetHandle handle,
      String tag,
      InMemoryBatches source,
      MergeInsertParams params,
      boolean cold) {
    // another run merging into the same dataset waits for this one's merges (and tidy-up)
    try (AutoCloseable writing = bench.writing(handle)) {
      return measureHoldingTheLock(bench, handle, tag, source, params, cold);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("releasing the lock of " + handle.uri(), e);
    }
  }

  private static Merged measureHoldingTheLock(
      Bench bench,
      DatasetHandle handle,
      String tag,
      InMemoryBatches source,
      MergeInsertParams params,
      boolean cold) {
    try (Dataset dataset = handle.open(bench.allocator())) {
      Merged last =
          bench.run(
              () ->
                  cold
                      ? Target.restoredCold(bench, handle, tag, source)
                      : Target.restored(dataset, tag, source),
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
    private final AutoCloseable opened;

    private Target(Dataset dataset, ArrowArrayStream stream, AutoCloseable opened) {
      this.dataset = dataset;
      this.rowsBefore = dataset.countRows();
      this.stream = stream;
      this.opened = opened;
    }

    static Target restored(Dataset dataset, String tag, InMemoryBatches source) {
      return new Target(MergeInsertTargets.restore(dataset, tag), source.stream(), () -> {});
    }

    /** Restored from a dataset opened in a session of its own, closed with the target. */
    static Target restoredCold(
        Bench bench, DatasetHandle handle, String tag, InMemoryBatches source) {
      Session session = Session.create();
      Dataset fresh =
          LanceDatasets.open(handle.uri(), handle.storage(), bench.allocator(), session);
      AutoCloseable opened =
          () -> {
            fresh.close();
            session.close();
          };
      try {
        return new Target(MergeInsertTargets.restore(fresh, tag), source.stream(), opened);
      } catch (RuntimeException e) {
        try {
          opened.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }

    @Override
    public void close() throws Exception {
      stream.close();
      dataset.close();
      opened.close();
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

  /** How a narrow merge is run: a source's rows, its batches, and a cold index cache or not. */
  record Narrow(
      Shape shape, Function<MergeInsertNarrowDataset, long[]> rows, int batchRows, boolean cold) {
    static Narrow of(Shape shape, Function<MergeInsertNarrowDataset, long[]> rows) {
      return new Narrow(shape, rows, Integer.MAX_VALUE, false);
    }

    Narrow inColdCache() {
      return new Narrow(shape, rows, batchRows, true);
    }

    Narrow inBatchesOf(int rows) {
      return new Narrow(shape, this.rows, rows, cold);
    }
  }

  /**
   * A merge into {@code merge_insert_narrow} as {@code narrow} says, joined on {@code key}, with
   * the clauses {@code plan} adds; checked against {@code expected}.
   */
  static void mergeNarrow(
      Bench bench,
      Narrow narrow,
      Key key,
      UnaryOperator<MergeInsertParams> plan,
      Function<NarrowSource, Counts> expected) {
    DatasetHandle handle = bench.dataset(MergeInsertNarrowDataset.NAME);
    MergeInsertNarrowDataset spec = narrowSpec(handle);
    NarrowSource source =
        new NarrowSource(spec, narrow.shape(), narrow.rows().apply(spec), narrow.batchRows());
    Counts counts = expected.apply(source);
    // a source that lost its rows would merge nothing and pass every count
    assertThat(source.rows).as("source rows").isNotEmpty();
    try (InMemoryBatches batches = source.batches(bench)) {
      assertThat(batches.rows()).as("rows in the source's batches").isEqualTo(source.rows.length);
      Merged merged =
          measure(
              bench,
              handle,
              narrow.shape().tag(),
              batches,
              plan.apply(new MergeInsertParams(key.columns)),
              narrow.cold());
      check(merged, counts.inserted(), counts.updated(), counts.deleted());
    }
  }
}
