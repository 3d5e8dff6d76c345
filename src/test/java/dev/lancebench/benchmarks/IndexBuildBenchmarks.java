package dev.lancebench.benchmarks;

import static dev.lancebench.benchmarks.IndexBuildData.buildScalarIndex;
import static dev.lancebench.benchmarks.IndexBuildData.checkBuilt;
import static dev.lancebench.benchmarks.IndexBuildData.trainingColumn;
import static dev.lancebench.benchmarks.IndexBuildData.writeRandomValues;

import dev.lancebench.datasets.InMemoryBatches;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.datasets.LanceThreads;
import dev.lancebench.datasets.LocalFiles;
import dev.lancebench.datasets.europarl.EuroparlDataset;
import dev.lancebench.datasets.vectors.VectorsDataset;
import dev.lancebench.running.Bench;
import dev.lancebench.running.IoMemoryBenchmark;
import dev.lancebench.settings.Setting;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance.Dataset;
import org.lance.WriteParams;
import org.lance.index.DistanceType;
import org.lance.index.IndexParams;
import org.lance.index.IndexType;
import org.lance.index.vector.VectorIndexParams;

/**
 * Index training and building, ported from upstream's index benchmarks. Every dataset here is
 * written by the benchmark itself in its scratch folder under the dataset location (so the file
 * columns count what the build read and wrote), at upstream's sizes times {@code
 * bench.index_build.scale} (else {@code bench.scale}). The check of every build: the index is
 * listed on its column and Lance's statistics say it covers every row; {@code index_size_bytes} is
 * the size of its files.
 */
class IndexBuildBenchmarks {
  static final String COLUMN = "value";
  static final String INDEX = "value_idx";

  enum ValueType {
    float_,
    string;

    @Override
    public String toString() {
      return this == float_ ? "float" : "string";
    }
  }

  enum Cardinality {
    /** every value distinct */
    high,
    /** 100 distinct values */
    low
  }

  /** The share of upstream's sizes this run writes. */
  /**
   * The share of upstream's sizes that the index-build benchmarks write for themselves (1M, 5M and
   * 10M rows, about 100 MB, about 1 GB of vectors); {@code bench.scale} when not given.
   */
  static final Setting<BigDecimal> SCALE = Setting.positive("bench.index_build.scale");

  static long scaled(Bench bench, long rows, long atLeast) {
    return bench.runSettings().scaledSizeOr(SCALE, rows, atLeast);
  }

  static Stream<Arguments> trainingCases() {
    List<Arguments> cases = new ArrayList<>();
    for (String rows : List.of("1M", "5M", "10M")) {
      for (IndexType index : List.of(IndexType.BTREE, IndexType.BITMAP)) {
        for (ValueType type : ValueType.values()) {
          for (Cardinality cardinality : Cardinality.values()) {
            cases.add(Arguments.of(rows, index, type, cardinality));
          }
        }
      }
    }
    return cases.stream();
  }

  /**
   * Upstream's index training: the column written to a fresh dataset and its index built, both
   * timed. 1M, 5M and 10M rows (scaled); BTREE and BITMAP; float64 and string values; every value
   * distinct, or 100 values. The column is made in memory first (untimed); each invocation writes
   * it to a dataset removed before the next. No warmup; 3 invocations at 1M, else 1.
   */
  @ParameterizedTest(name = "{0}-{1}-{2}-{3}")
  @MethodSource("trainingCases")
  @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 1)
  void indexTraining(
      String size, IndexType index, ValueType type, Cardinality cardinality, Bench bench)
      throws Exception {
    long nominal = Long.parseLong(size.replace("M", "")) * 1_000_000L;
    long rows = scaled(bench, nominal, 100);
    if (size.equals("1M")) {
      bench.iterations(3);
    }
    Path uri = bench.scratchFolder().resolve("training.lance");
    try (InMemoryBatches column = trainingColumn(bench, rows, type, cardinality)) {
      bench.run(
          () -> {
            LocalFiles.deleteRecursively(uri);
            return column.reader();
          },
          reader -> {
            // the reader is the invocation's state: closed after it, untimed
            try (Dataset written =
                Dataset.write()
                    .allocator(bench.allocator())
                    .reader(reader)
                    .uri(uri.toString())
                    .mode(WriteParams.WriteMode.CREATE)
                    .execute()) {
              buildScalarIndex(written, index);
              return written.version();
            }
          });
    }
    checkBuilt(bench, uri, index, rows);
  }

  enum ScalarType {
    int64,
    string
  }

  /** Upstream's {@code lance-datagen:cardinality} for its bitmap build's column. */
  static final long BITMAP_CARDINALITY = 1_000;

  static Stream<Arguments> scalarCases() {
    List<Arguments> cases = new ArrayList<>();
    for (ScalarType type : ScalarType.values()) {
      for (IndexType index :
          List.of(IndexType.BTREE, IndexType.BITMAP, IndexType.ZONEMAP, IndexType.BLOOM_FILTER)) {
        cases.add(Arguments.of(type, index));
      }
    }
    return cases.stream();
  }

  /**
   * Upstream's scalar index build: about 100 MB of seeded random values (12.5M int64, or 6.25M
   * strings of 16 characters), written once (untimed); the build alone is measured, once, without
   * warmup. As upstream's: a BITMAP's column holds {@value #BITMAP_CARDINALITY} distinct values,
   * the other indexes' random ones (all but surely distinct).
   */
  @ParameterizedTest(name = "{0}-{1}")
  @MethodSource("scalarCases")
  @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 1)
  void scalarIndexBuild(ScalarType type, IndexType index, Bench bench) throws Exception {
    long rows = scaled(bench, type == ScalarType.int64 ? 12_500_000L : 6_250_000L, 100);
    Path uri = bench.scratchFolder().resolve("scalar.lance");
    writeRandomValues(bench, uri, type, rows, index == IndexType.BITMAP ? BITMAP_CARDINALITY : 0);
    try (Dataset dataset = LanceDatasets.open(uri.toString(), Map.of(), bench.allocator())) {
      bench.run(
          dataset,
          d -> {
            buildScalarIndex(d, index);
            return d.version();
          });
    }
    checkBuilt(bench, uri, index, rows);
  }

  /** Upstream's full-text build input: 100 batches of 1 MiB of text. */
  static final long FTS_TEXT_BYTES = 100L << 20;

  /**
   * Upstream's full-text index build: INVERTED on about 100 MiB of text (scaled by {@code
   * bench.index_build.scale}; at least 256 KiB), written to the scratch folder without an index
   * (untimed). Upstream's text is Lance's random sentence generator, which the Java API does not
   * expose; here it is documents of the Europarl corpus drawn at random with the run's seed. With
   * positions and without: upstream's code passes positions on in both of its cases by mistake;
   * here the parameter is what is built. The build alone, once, without warmup.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(booleans = {true, false})
  @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 1)
  void ftsIndexBuild(boolean withPositions, Bench bench) throws Exception {
    LanceThreads.requireForInvertedIndex("the full-text index of ftsIndexBuild");
    Path uri = bench.scratchFolder().resolve("text.lance");
    long documents =
        EuroparlDataset.writeSampledDocuments(
            uri.toString(),
            bench.allocator(),
            scaled(bench, FTS_TEXT_BYTES, 256L << 10),
            bench.seed());
    try (Dataset dataset = LanceDatasets.open(uri.toString(), Map.of(), bench.allocator())) {
      bench.run(
          dataset,
          d -> {
            d.createIndex(
                List.of(EuroparlDataset.TEXT),
                IndexType.INVERTED,
                Optional.of("text_idx"),
                EuroparlDataset.indexParams(withPositions),
                true);
            return d.version();
          });
    }
    bench.extra("documents", documents);
    checkBuilt(bench, uri, EuroparlDataset.TEXT, "text_idx", IndexType.INVERTED, documents);
  }

  /**
   * Upstream's IVF_PQ build: about 1 GB of 1024-d float32 vectors (262,144, scaled; at least
   * 1,000), written once (untimed); 32 partitions, 4 sub-vectors, 8 bits, L2, 50 k-means
   * iterations. The build alone, once, without warmup.
   */
  @Test
  @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 1)
  void ivfPqIndexBuild(Bench bench) throws Exception {
    long rows = scaled(bench, 262_144L, 1_000);
    Path uri = bench.scratchFolder().resolve("vectors.lance");
    VectorsDataset.writeVectors(uri.toString(), rows, bench.allocator());
    try (Dataset dataset = LanceDatasets.open(uri.toString(), Map.of(), bench.allocator())) {
      bench.run(
          dataset,
          d -> {
            d.createIndex(
                List.of(VectorsDataset.VECTOR),
                IndexType.IVF_PQ,
                Optional.of("vector_idx"),
                IndexParams.builder()
                    .setVectorIndexParams(VectorIndexParams.ivfPq(32, 8, 4, DistanceType.L2, 50))
                    .build(),
                true);
            return d.version();
          });
    }
    checkBuilt(bench, uri, VectorsDataset.VECTOR, "vector_idx", IndexType.IVF_PQ, rows);
  }
}
