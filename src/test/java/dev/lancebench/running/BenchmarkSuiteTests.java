package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lancebench.datasets.BatchSource;
import dev.lancebench.datasets.basic.BasicDataset;
import dev.lancebench.datasets.countrows.CountRowsDataset;
import dev.lancebench.datasets.europarl.EuroparlDataset;
import dev.lancebench.datasets.mergeinsert.MergeInsertNarrowDataset;
import dev.lancebench.datasets.mergeinsert.MergeInsertWideDataset;
import dev.lancebench.datasets.tpch.TpchDataset;
import dev.lancebench.datasets.vectors.ClusteredVectorsDataset;
import dev.lancebench.datasets.vectors.VectorsDataset;
import dev.lancebench.settings.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.Event;
import org.lance.Dataset;
import org.lance.index.IndexParams;
import org.lance.index.IndexType;
import org.lance.index.scalar.ScalarIndexParams;

/**
 * The real benchmark suite, run through the extension on tiny datasets, so a broken benchmark is
 * caught by {@code mvn test} without {@code -Dbench}. The searches' filters sit in the middle of so
 * small a basic dataset and select what they select at 10M rows.
 */
class BenchmarkSuiteTests {
  static final String SEARCH = "dev.lancebench.benchmarks.SearchBenchmarks";
  static final String BENCH = Bench.class.getName();

  @TempDir static Path data;
  @TempDir static Path withEda;

  static Map<String, String> config(Path location) {
    return Map.ofEntries(
        Map.entry(Settings.DATA.key(), location.toString()),
        Map.entry(BasicDataset.ROWS_SETTING.key(), "3000"),
        Map.entry(TpchDataset.SCALE_FACTOR_SETTING.key(), "0.01"),
        Map.entry(CountRowsDataset.ROWS_SETTING.key(), "5000"),
        Map.entry(TpchDataset.MEMORY_SCALE_FACTOR_SETTING.key(), "0.01"),
        Map.entry(VectorsDataset.DEFINITION_100K.size().key(), "300"),
        Map.entry(VectorsDataset.DEFINITION_1M.size().key(), "600"),
        Map.entry(ClusteredVectorsDataset.DEFINITION.size().key(), "500"),
        Map.entry(EuroparlDataset.ROWS_SETTING.key(), "3000"),
        Map.entry("bench.compaction.appends", "12"),
        Map.entry(MergeInsertNarrowDataset.ROWS_SETTING.key(), "4000"),
        Map.entry(MergeInsertWideDataset.ROWS_SETTING.key(), "1500"),
        Map.entry("bench.index_build.scale", "0.0005"),
        Map.entry("bench.concurrent_writes.appends", "2"),
        Map.entry(Settings.SEED.key(), "7"));
  }

  @BeforeAll
  static void writeSmallImageEda() throws Exception {
    writeImageEda(withEda.resolve("image_eda.lance").toString());
  }

  @Test
  void everyBenchmarkRunsOnTinyDataAndTheEdaOnesAreSkippedWithoutImageEda(@TempDir Path out)
      throws Exception {
    BenchRun run = BenchRun.of(out, config(data), selectPackage("dev.lancebench.benchmarks"));

    List<String> failures = new ArrayList<>();
    run.results.testEvents().failed().stream().map(Event::toString).forEach(failures::add);
    assertThat(failures).isEmpty();
    JsonNode bmf = run.bmf();
    assertThat(bmf.has("ScanBenchmarks.fullScan[tpch]")).isTrue();
    assertThat(bmf.at("/ScanBenchmarks.fullScan[tpch]/read_bytes/value").asLong()).isPositive();
    assertThat(bmf.has("ScanBenchmarks.scanSlice[tpch]")).isTrue();
    assertThat(bmf.has("RandomAccessBenchmarks.randomAccess[tpch-1]")).isTrue();
    assertThat(run.benchmark("RandomAccessBenchmarks.randomAccess[tpch-100]").get("rounds").asInt())
        .isEqualTo(100);
    assertThat(
            bmf.at("/RandomAccessBenchmarks.parallelRandomAccess[tpch-10]/takes_per_second/value")
                .asDouble())
        .isPositive();
    assertThat(bmf.at("/RandomAccessBenchmarks.randomAccess[tpch-10]/os_read_bytes/value").asLong())
        .isPositive();
    assertThat(
            bmf.at("/SearchBenchmarks.ioMemBasicBtreeSearch[integers-equal]/read_iops/value")
                .asLong())
        .isPositive();
    assertThat(bmf.has("SearchBenchmarks.iopsBasicBtreeSearch[integers-equal]")).isFalse();
    assertThat(run.resultsJson().at("/metadata/seed").asLong()).isEqualTo(7);
    assertThat(bmf.has("CountRowsBenchmarks.countRowsIndexed[bloomfilter-is_null-warm]")).isTrue();
    // compaction: 12 fragments made one, and what it wrote counted when the tracker is there
    assertThat(bmf.at("/CompactionBenchmarks.compact[defaults]/fragments_before/value").asLong())
        .isEqualTo(12);
    assertThat(
            bmf.at("/CompactionBenchmarks.compact[materialize_deletions]/fragments_after/value")
                .asLong())
        .isLessThan(12);
    assertThat(
            bmf.at("/CompactionBenchmarks.scanAfterAppends[fragmented]/fragments/value").asLong())
        .isEqualTo(12);
    assertThat(bmf.at("/CompactionBenchmarks.scanAfterAppends[compacted]/fragments/value").asLong())
        .isLessThan(12);
    // the write workloads (their counts, rows and versions are checked inside each benchmark)
    assertThat(
            bmf.at("/MergeInsertBenchmarks.upsertRatioSweep[100000-id_uuid7]/source_rows/value")
                .asLong())
        .isEqualTo(4000);
    // all-new keys are not capped by the target's rows
    assertThat(bmf.at("/MergeInsertBenchmarks.upsertAllNewKeys[10000]/source_rows/value").asLong())
        .isEqualTo(10_000);
    for (String merge :
        List.of(
            "MergeInsertBenchmarks.upsertManySmallFragments",
            "MergeInsertBenchmarks.upsertUnindexedHalf",
            "MergeInsertBenchmarks.deleteBySource",
            "MergeInsertBenchmarks.conditionalUpdate",
            "MergeInsertBenchmarks.updateSubsetProjection[vector-1pct]",
            "MergeInsertBenchmarks.upsertWideFullSchema[1pct]")) {
      assertThat(run.benchmark(merge).get("rounds").asInt()).as(merge).isEqualTo(3);
    }
    // a whole-fragment rewrite, a 1M-row stream: one round, no warmup
    for (String merge :
        List.of(
            "MergeInsertBenchmarks.updateSubsetRowFraction[100pct]",
            "MergeInsertBenchmarks.upsertStreamingSource",
            "MergeInsertBenchmarks.upsertSourceEqualsTarget")) {
      assertThat(run.benchmark(merge).get("rounds").asInt()).as(merge).isEqualTo(1);
      assertThat(run.benchmark(merge).get("warmup").asInt()).as(merge).isZero();
    }
    assertThat(
            run.benchmark("MergeInsertBenchmarks.upsertColdRatioSweep[1000-id_uuid4]")
                .get("warmup")
                .asInt())
        .isZero();
    // the structured vectors: a recall beside every search
    assertThat(
            bmf.at("/VectorSearchBenchmarks.ivfPqSearchClustered[25-10]/recall_at_k/value")
                .asDouble())
        .isPositive();
    // 1M rows scaled to 500; three invocations at 1M, one at 10M
    assertThat(
            bmf.at("/IndexBuildBenchmarks.indexTraining[1M-BITMAP-string-high]/rows/value")
                .asLong())
        .isEqualTo(500);
    assertThat(
            run.benchmark("IndexBuildBenchmarks.indexTraining[1M-BTREE-float-low]")
                .get("latency_ns")
                .get("n")
                .asInt())
        .isEqualTo(3);
    assertThat(
            run.benchmark("IndexBuildBenchmarks.indexTraining[10M-BTREE-float-low]")
                .get("latency_ns")
                .get("n")
                .asInt())
        .isEqualTo(1);
    for (String build :
        List.of(
            "IndexBuildBenchmarks.scalarIndexBuild[string-BLOOM_FILTER]",
            "IndexBuildBenchmarks.scalarIndexBuild[int64-ZONEMAP]",
            "IndexBuildBenchmarks.ivfPqIndexBuild")) {
      assertThat(bmf.at("/" + build + "/index_size_bytes/value").asLong()).as(build).isPositive();
    }
    // positions take room: the index with them is the larger
    assertThat(bmf.at("/IndexBuildBenchmarks.ftsIndexBuild[true]/index_size_bytes/value").asLong())
        .isGreaterThan(
            bmf.at("/IndexBuildBenchmarks.ftsIndexBuild[false]/index_size_bytes/value").asLong());
    assertThat(
            bmf.at("/ConcurrentWriteBenchmarks.concurrentWriters[20-10-10]/update_p99_ms/value")
                .asDouble())
        .isPositive();
    assertThat(
            bmf.at(
                    "/ConcurrentWriteBenchmarks.concurrentWriters[30-15-15]/operations_per_second/value")
                .asDouble())
        .isPositive();
    assertThat(bmf.has("ConcurrentWriteBenchmarks.concurrentWriters[30-0-0]")).isTrue();
    assertThat(bmf.at("/ConcurrentWriteBenchmarks.concurrentWriters[30-0-0]").has("delete_p50_ms"))
        .isFalse();
    for (String count :
        List.of(
            "CountRowsBenchmarks.countRowsNoIndex[is_null]",
            "CountRowsBenchmarks.countRowsIndexed[btree-is_not_null-warm]",
            "CountRowsBenchmarks.countRowsIndexed[bloomfilter-is_null-cold]")) {
      JsonNode counted = run.benchmark(count);
      assertThat(counted.get("rounds").asInt()).as(count).isEqualTo(5);
      assertThat(counted.get("warmup").asInt())
          .as(count)
          .isEqualTo(count.endsWith("cold]") ? 0 : 1);
    }
    // the sixth btree filter, at this size too: 70 % of basic's rows
    assertThat(
            run.benchmark("SearchBenchmarks.basicBtreeSearch[integers-large_range-no_cache]")
                .get("rounds")
                .asInt())
        .isEqualTo(10);
    // the read workloads of upstream's CI: 2.1 and in-memory takes, bitmap, full-text, vectors
    assertThat(bmf.has("RandomAccessBenchmarks.randomAccess[tpch-2.1-100]")).isTrue();
    assertThat(bmf.has("RandomAccessBenchmarks.parallelRandomAccess[mem-tpch-2.1-10]")).isTrue();
    assertThat(run.resultsJson().at("/metadata/datasets/mem-tpch/uri").asText())
        .isEqualTo("memory://mem-tpch");
    assertThat(run.resultsJson().at("/metadata/datasets/tpch-2.1/file_format_version").asText())
        .isEqualTo("2.1");
    assertThat(bmf.has("SearchBenchmarks.basicBitmapSearch[integers-equal-no_cache]")).isTrue();
    assertThat(
            run.benchmark("FullTextSearchBenchmarks.ftsSearch[1000-phrase_common-no_cache]")
                .get("rounds")
                .asInt())
        .isEqualTo(100);
    for (String search :
        List.of(
            "VectorSearchBenchmarks.ivfPqSearch[100k-10-none-10-cache]",
            "VectorSearchBenchmarks.ivfPqSearchWithPayload[1m-50-1-100-no_cache]",
            "VectorSearchBenchmarks.ivfPqThroughput[cache]")) {
      assertThat(bmf.at("/" + search + "/recall_at_k/value").asDouble())
          .as(search)
          .isGreaterThan(0.0)
          .isLessThanOrEqualTo(1.0);
    }
    assertThat(
            bmf.at("/VectorSearchBenchmarks.ivfPqThroughput[no_cache]/queries_per_second/value")
                .asDouble())
        .isPositive();
    // upstream's pool, 2 x (cores - 2), and at least one worker
    assertThat(bmf.at("/VectorSearchBenchmarks.ivfPqThroughput[cache]/workers/value").asInt())
        .isEqualTo(Math.max(1, 2 * (Runtime.getRuntime().availableProcessors() - 2)));
    assertThat(bmf.at("/IndexBuildBenchmarks.ftsIndexBuild[true]/documents/value").asLong())
        .isPositive();
    // each dataset the run used, with its size: numbers at other sizes are not comparable
    assertThat(run.resultsJson().at("/metadata/datasets/basic/rows").asLong()).isEqualTo(3_000);
    assertThat(run.resultsJson().at("/metadata/datasets/tpch/scale_factor").asDouble())
        .isEqualTo(0.01);
    assertThat(run.resultsJson().at("/metadata/datasets/tpch/rows").asLong()).isEqualTo(60_175);
    assertThat(run.resultsJson().at("/metadata/datasets/basic/default_size").asBoolean()).isFalse();
    assertThat(run.resultsJson().at("/metadata/default_sizes").asBoolean()).isFalse();
    assertThat(run.console)
        .contains(
            "The 'basic' dataset is not at its default size (3000 rows): these numbers are "
                + "not comparable");
    assertThat(run.console).contains("lance-bench: random seed 7 (bench.seed)");

    // 4 edaSearch + 20 edaBtreeSearch cases, skipped with the reason, and nothing uploaded; the
    // tracker's benchmark without the tracker; and the three full-text queries with no hits in
    // the first 3,000 documents (3 k x 2 cache states each), which would time an empty search
    run.results.testEvents().assertStatistics(s -> s.skipped(0).aborted(24 + 1 + 3 * 3 * 2));
    JsonNode empty = run.benchmark("FullTextSearchBenchmarks.ftsSearch[10-term_rare-cache]");
    assertThat(empty.get("status").asText()).isEqualTo("skipped");
    assertThat(empty.get("failure").asText())
        .contains("has no hits in the first 3,000 documents of europarl")
        .contains("bench.europarl.rows of at least");
    JsonNode skipped = run.benchmark("SearchBenchmarks.edaSearch[bools-none]");
    assertThat(skipped.get("status").asText()).isEqualTo("skipped");
    assertThat(skipped.get("failure").asText())
        .contains("image_eda exists only on Google Cloud")
        .contains(data.resolve("image_eda.lance").toString());
    assertThat(bmf.has("SearchBenchmarks.edaSearch[bools-none]")).isFalse();
    assertThat(run.console)
        .contains("SKIPPED 24 benchmarks: image_eda exists only on Google Cloud")
        .contains("\n  SearchBenchmarks.edaBtreeSearch[none-equal-cache]\n");
  }

  @Test
  void theEdaBenchmarksRunWhereImageEdaExists(@TempDir Path out) throws Exception {
    BenchRun run =
        BenchRun.of(
            out,
            config(withEda),
            DiscoverySelectors.selectMethod(
                SEARCH
                    + "#edaSearch("
                    + SEARCH
                    + "$EdaColumns, "
                    + SEARCH
                    + "$EdaFilter, "
                    + BENCH
                    + ")"),
            DiscoverySelectors.selectMethod(
                SEARCH
                    + "#edaBtreeSearch("
                    + SEARCH
                    + "$EdaPayload, "
                    + SEARCH
                    + "$EdaBtreeFilter, "
                    + Cache.class.getName()
                    + ", "
                    + BENCH
                    + ")"));

    run.results.testEvents().assertStatistics(s -> s.succeeded(24).failed(0).aborted(0));
    for (String cache : List.of("cache", "no_cache")) {
      JsonNode indexOnly =
          run.benchmark("SearchBenchmarks.edaBtreeSearch[none-large_in-" + cache + "]");
      assertThat(indexOnly.get("iterations").asInt()).isEqualTo(100);
      assertThat(indexOnly.get("warmup").asInt()).isEqualTo(cache.equals("cache") ? 1 : 0);
    }
    assertThat(
            run.benchmark("SearchBenchmarks.edaBtreeSearch[none-not_equal-cache]")
                .get("iterations")
                .asInt())
        .isEqualTo(1);
    assertThat(
            run.benchmark("SearchBenchmarks.edaBtreeSearch[integers-equal-no_cache]")
                .get("iterations")
                .asInt())
        .isEqualTo(1);
    assertThat(run.benchmark("SearchBenchmarks.edaSearch[bools-none]").get("warmup").asInt())
        .isZero();
  }

  /** A small stand-in with image_eda's searched columns and its BTREE index. */
  static void writeImageEda(String uri) throws Exception {
    Schema schema =
        new Schema(
            List.of(
                Field.nullable("bools", ArrowType.Bool.INSTANCE),
                Field.nullable(
                    "normals", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                new Field("image_widths", FieldType.nullable(new ArrowType.Int(64, true)), null)));
    int rows = 5_000;
    Random random = new Random(3);
    BatchSource.BatchFiller fill =
        (root, batch) -> {
          BitVector bools = (BitVector) root.getVector("bools");
          Float8Vector normals = (Float8Vector) root.getVector("normals");
          BigIntVector widths = (BigIntVector) root.getVector("image_widths");
          root.allocateNew();
          for (int i = 0; i < rows; i++) {
            bools.setSafe(i, random.nextBoolean() ? 1 : 0);
            normals.setSafe(i, random.nextGaussian());
            widths.setSafe(i, 3980 + random.nextInt(21));
          }
          root.setRowCount(rows);
        };
    try (BufferAllocator allocator = new RootAllocator();
        ArrowReader reader = new BatchSource(allocator, schema, 1, fill, n -> {});
        Dataset written = Dataset.write().allocator(allocator).reader(reader).uri(uri).execute()) {
      written.createIndex(
          List.of("image_widths"),
          IndexType.BTREE,
          Optional.empty(),
          IndexParams.builder().setScalarIndexParams(ScalarIndexParams.create("btree")).build(),
          true);
    }
  }
}
