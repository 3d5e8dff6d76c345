package dev.lancebench.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.datasets.BatchSource;
import dev.lancebench.datasets.InMemoryBatches;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.datasets.LanceDatasets.WriteOptions;
import dev.lancebench.datasets.LocalFiles;
import dev.lancebench.datasets.europarl.EuroparlDataset;
import dev.lancebench.datasets.vectors.VectorsDataset;
import dev.lancebench.running.Bench;
import dev.lancebench.running.IoMemoryBenchmark;
import dev.lancebench.settings.Setting;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance.Dataset;
import org.lance.WriteParams;
import org.lance.index.DistanceType;
import org.lance.index.Index;
import org.lance.index.IndexParams;
import org.lance.index.IndexType;
import org.lance.index.scalar.ScalarIndexParams;
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

  static Schema schema(ArrowType type) {
    return new Schema(List.of(new Field(COLUMN, FieldType.notNullable(type), null)));
  }

  static ArrowType arrowType(ValueType type) {
    return type == ValueType.string
        ? ArrowType.Utf8.INSTANCE
        : new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
  }

  /** The column of a training case, made in memory before the measurement. */
  static InMemoryBatches trainingColumn(
      Bench bench, long rows, ValueType type, Cardinality cardinality) {
    int perBatch = 100_000;
    long seed = bench.seed();
    return InMemoryBatches.make(
        bench.allocator(),
        schema(arrowType(type)),
        (rows + perBatch - 1) / perBatch,
        (root, batch) -> {
          long first = batch * perBatch;
          int n = (int) Math.min(perBatch, rows - first);
          SplittableRandom random = new SplittableRandom(seed + batch);
          if (type == ValueType.string) {
            VarCharVector strings = (VarCharVector) root.getVector(COLUMN);
            strings.allocateNew(16L * n, n);
            for (int i = 0; i < n; i++) {
              String value =
                  cardinality == Cardinality.high
                      ? String.format(Locale.ROOT, "v%015x", first + i)
                      : String.format(Locale.ROOT, "category_%02d", random.nextInt(100));
              strings.setSafe(i, value.getBytes(StandardCharsets.US_ASCII));
            }
            strings.setValueCount(n);
          } else {
            Float8Vector floats = (Float8Vector) root.getVector(COLUMN);
            floats.allocateNew(n);
            for (int i = 0; i < n; i++) {
              // high: a distinct value per row (its number plus a fraction); low: 100 values
              floats.set(
                  i,
                  cardinality == Cardinality.high
                      ? (first + i) + random.nextDouble() * 0.5
                      : random.nextInt(100) * 0.25);
            }
            floats.setValueCount(n);
          }
          root.setRowCount(n);
        });
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

  static void buildScalarIndex(Dataset dataset, IndexType index) {
    dataset.createIndex(
        List.of(COLUMN),
        index,
        Optional.of(INDEX),
        IndexParams.builder()
            .setScalarIndexParams(ScalarIndexParams.create(scalarType(index)))
            .build(),
        true);
  }

  static String scalarType(IndexType index) {
    return switch (index) {
      case BTREE -> "btree";
      case BITMAP -> "bitmap";
      case ZONEMAP -> "zonemap";
      case BLOOM_FILTER -> "bloomfilter";
      default -> throw new IllegalArgumentException("not a scalar index here: " + index);
    };
  }

  /**
   * The check after a build: the index is on the column, Lance's statistics count every row as
   * indexed, and its files have a size (recorded as {@code index_size_bytes}).
   */
  static void checkBuilt(Bench bench, Path uri, IndexType type, long rows) throws IOException {
    checkBuilt(bench, uri, COLUMN, INDEX, type, rows);
  }

  static void checkBuilt(
      Bench bench, Path uri, String column, String name, IndexType type, long rows)
      throws IOException {
    try (Dataset dataset = LanceDatasets.open(uri.toString(), Map.of(), bench.allocator())) {
      List<Index> built = dataset.getIndexes().stream().filter(i -> i.name().equals(name)).toList();
      assertThat(built).as("the index %s on %s", name, column).isNotEmpty();
      // lance-core 7.0.0 lists an IVF_PQ index as VECTOR
      IndexType listed = type == IndexType.IVF_PQ ? IndexType.VECTOR : type;
      assertThat(LanceDatasets.hasIndex(dataset, column, listed))
          .as("%s is a %s index on %s", name, type, column)
          .isTrue();
      Map<String, Object> statistics = dataset.getIndexStatistics(name);
      assertThat(((Number) statistics.get("num_indexed_rows")).longValue())
          .as("rows the index %s covers (%s)", name, statistics)
          .isEqualTo(rows);
      long size = 0;
      for (Index index : built) {
        size += folderSize(uri.resolve("_indices").resolve(index.uuid().toString()));
      }
      assertThat(size).as("bytes of the index %s", name).isPositive();
      bench.extra("index_size_bytes", size);
      bench.extra("rows", rows);
    }
  }

  static long folderSize(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      long size = 0;
      for (Path file : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(file)) {
          size += Files.size(file);
        }
      }
      return size;
    }
  }

  enum ScalarType {
    int64,
    string
  }

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
   * strings of 16 characters), drawn from a million distinct values, written once (untimed); the
   * build alone is measured, once, without warmup.
   */
  @ParameterizedTest(name = "{0}-{1}")
  @MethodSource("scalarCases")
  @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 1)
  void scalarIndexBuild(ScalarType type, IndexType index, Bench bench) throws Exception {
    long rows = scaled(bench, type == ScalarType.int64 ? 12_500_000L : 6_250_000L, 100);
    Path uri = bench.scratchFolder().resolve("scalar.lance");
    int perBatch = 100_000;
    long seed = bench.seed();
    ArrowType arrowType =
        type == ScalarType.int64 ? new ArrowType.Int(64, true) : ArrowType.Utf8.INSTANCE;
    LanceDatasets.write(
        uri.toString(),
        Map.of(),
        bench.allocator(),
        new BatchSource(
            bench.allocator(),
            schema(arrowType),
            (rows + perBatch - 1) / perBatch,
            (root, batch) ->
                fillRandom(
                    root, type, seed + batch, (int) Math.min(perBatch, rows - batch * perBatch)),
            done -> {}),
        WriteOptions.create("the scalar index build's dataset"));
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

  static void fillRandom(VectorSchemaRoot root, ScalarType type, long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    if (type == ScalarType.int64) {
      BigIntVector ints = (BigIntVector) root.getVector(COLUMN);
      ints.allocateNew(n);
      for (int i = 0; i < n; i++) {
        ints.set(i, random.nextLong(1_000_000L));
      }
    } else {
      VarCharVector strings = (VarCharVector) root.getVector(COLUMN);
      strings.allocateNew(16L * n, n);
      for (int i = 0; i < n; i++) {
        strings.set(
            i,
            String.format(Locale.ROOT, "%016x", Long.reverse(random.nextLong(1_000_000L)))
                .getBytes(StandardCharsets.US_ASCII));
      }
    }
    root.setRowCount(n);
    root.getFieldVectors().forEach(v -> v.setValueCount(n));
  }

  /**
   * Upstream's full-text index build: INVERTED on the {@code text} of {@code europarl} (its
   * documents written to the scratch folder without an index, untimed), with positions and without.
   * Upstream's code passes positions on in both of its cases by mistake; here the parameter is what
   * is built. No warmup, 3 rounds (each replaces the index).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(booleans = {true, false})
  @IoMemoryBenchmark(warmup = 0, rounds = 3, iterations = 1)
  void ftsIndexBuild(boolean withPositions, Bench bench) throws Exception {
    // the corpus at the run's europarl size (bench.europarl.rows, bench.scale)
    long documents = EuroparlDataset.DEFINITION.sizeFrom(bench.runSettings()).longValueExact();
    Path uri = bench.scratchFolder().resolve("europarl.lance");
    new EuroparlDataset(documents).writeDocuments(uri.toString(), bench.allocator());
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
