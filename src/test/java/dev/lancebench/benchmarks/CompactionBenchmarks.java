package dev.lancebench.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.datasets.BatchSource;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.datasets.LanceDatasets.WriteOptions;
import dev.lancebench.datasets.LocalFiles;
import dev.lancebench.running.Bench;
import dev.lancebench.running.IoMemoryBenchmark;
import dev.lancebench.settings.Setting;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lance.Dataset;
import org.lance.compaction.CompactionOptions;
import org.lance.ipc.ScanOptions;

/**
 * Beyond upstream: compaction, and why to compact. A dataset written by many small appends (1,000
 * appends of 1,000 rows by default, {@code bench.compaction.appends} scaled by {@code bench.scale})
 * is made once per benchmark in its scratch folder, untimed, and copied before every invocation;
 * {@code compact()} is measured on the copy, with the default options and, after 10 % of the rows
 * were deleted, with {@code materializeDeletions}. The file columns show what the compaction wrote;
 * {@code fragments_before} and {@code fragments_after} what it achieved. Then a full scan of the
 * fragmented dataset against the compacted one.
 */
class CompactionBenchmarks {
  /**
   * Appends of 1,000 rows that make the fragmented dataset; 1,000 × {@code bench.scale}, at least
   * 10.
   */
  static final Setting<BigDecimal> APPENDS = Setting.positive("bench.compaction.appends");

  static final int ROWS_PER_APPEND = 1_000;
  static final Schema SCHEMA =
      new Schema(
          List.of(
              new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
              new Field("value", FieldType.notNullable(new ArrowType.Int(64, true)), null)));

  enum Compaction {
    /** compact() with lance-core's default options */
    defaults,
    /** 10 % of the rows deleted first, then compact() with materializeDeletions */
    materialize_deletions
  }

  enum Layout {
    fragmented,
    compacted
  }

  /** The appends of the fragmented dataset: 1,000 at full size, at least 10. */
  static int appends(Bench bench) {
    return (int) bench.runSettings().sizeOr(APPENDS, 1_000, 10);
  }

  /** Writes the fragmented dataset: one commit (and fragment) per append of seeded rows. */
  static Path fragmented(Bench bench, Path folder, int appends, boolean deleteTenth) {
    Path uri = folder.resolve("fragmented.lance");
    BufferAllocator allocator = bench.allocator();
    SplittableRandom random = new SplittableRandom(bench.seed());
    for (int i = 0; i < appends; i++) {
      long first = (long) i * ROWS_PER_APPEND;
      BatchSource batch =
          new BatchSource(
              allocator,
              SCHEMA,
              1,
              (root, index) -> {
                BigIntVector id = (BigIntVector) root.getVector("id");
                BigIntVector value = (BigIntVector) root.getVector("value");
                id.allocateNew(ROWS_PER_APPEND);
                value.allocateNew(ROWS_PER_APPEND);
                for (int r = 0; r < ROWS_PER_APPEND; r++) {
                  id.set(r, first + r);
                  value.set(r, random.nextLong());
                }
                root.setRowCount(ROWS_PER_APPEND);
              },
              rows -> {});
      LanceDatasets.write(
          uri.toString(),
          Map.of(),
          allocator,
          batch,
          WriteOptions.createOrAppend(i == 0, "the compaction dataset"));
    }
    if (deleteTenth) {
      try (Dataset dataset = LanceDatasets.open(uri.toString(), Map.of(), allocator)) {
        dataset.delete("id % 10 = 0");
      }
    }
    return uri;
  }

  static void copy(Path from, Path to) throws IOException {
    LocalFiles.deleteRecursively(to);
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }

  /**
   * One invocation per round on a fresh copy (a compacted dataset has nothing left to compact): no
   * warmup, three rounds.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Compaction.class)
  @IoMemoryBenchmark(warmup = 0, rounds = 3, iterations = 1)
  void compact(Compaction compaction, Bench bench) throws Exception {
    int appends = appends(bench);
    boolean deletions = compaction == Compaction.materialize_deletions;
    Path folder = bench.scratchFolder();
    Path template = fragmented(bench, folder, appends, deletions);
    long expectedRows =
        deletions ? appends * (long) ROWS_PER_APPEND * 9 / 10 : appends * (long) ROWS_PER_APPEND;
    Path work = folder.resolve("work.lance");
    CompactionOptions options =
        deletions
            ? CompactionOptions.builder().withMaterializeDeletions(true).build()
            : CompactionOptions.builder().build();
    Compacted last =
        bench.run(
            () -> {
              copy(template, work);
              return LanceDatasets.open(work.toString(), Map.of(), bench.allocator());
            },
            dataset -> {
              int before = dataset.getFragments().size();
              dataset.compact(options);
              return new Compacted(before, dataset.getFragments().size());
            });
    assertThat(last.before()).isEqualTo(appends);
    assertThat(last.after()).isLessThan(last.before());
    // the last invocation's copy stays on disk until the scratch folder goes
    try (Dataset compacted = LanceDatasets.open(work.toString(), Map.of(), bench.allocator())) {
      assertThat(compacted.countRows()).isEqualTo(expectedRows);
      assertThat(compacted.getFragments()).hasSize(last.after());
      if (deletions) {
        // materialized: no fragment keeps a deletion file
        assertThat(
                compacted.getFragments().stream()
                    .mapToLong(f -> f.metadata().getNumDeletions())
                    .sum())
            .isZero();
      }
    }
    bench.extra("fragments_before", last.before());
    bench.extra("fragments_after", last.after());
  }

  /** Fragments before and after one compaction (counted outside the timer's concern: cheap). */
  record Compacted(int before, int after) {}

  /** The reason to compact: a full scan of one column, fragmented against compacted. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Layout.class)
  @IoMemoryBenchmark(warmup = 1, rounds = 5, iterations = 1)
  void scanAfterAppends(Layout layout, Bench bench) throws Exception {
    int appends = appends(bench);
    Path uri = fragmented(bench, bench.scratchFolder(), appends, false);
    try (Dataset dataset = LanceDatasets.open(uri.toString(), Map.of(), bench.allocator())) {
      if (layout == Layout.compacted) {
        dataset.compact();
      }
      ScanOptions options = new ScanOptions.Builder().columns(List.of("value")).build();
      long rows = bench.run(dataset, d -> bench.scan(d, options));
      assertThat(rows).isEqualTo(appends * (long) ROWS_PER_APPEND);
      bench.extra("fragments", dataset.getFragments().size());
    }
  }
}
