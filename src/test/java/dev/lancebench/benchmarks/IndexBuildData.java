package dev.lancebench.benchmarks;

import static dev.lancebench.benchmarks.IndexBuildBenchmarks.COLUMN;
import static dev.lancebench.benchmarks.IndexBuildBenchmarks.INDEX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.benchmarks.IndexBuildBenchmarks.Cardinality;
import dev.lancebench.benchmarks.IndexBuildBenchmarks.ScalarType;
import dev.lancebench.benchmarks.IndexBuildBenchmarks.ValueType;
import dev.lancebench.datasets.BatchSource;
import dev.lancebench.datasets.InMemoryBatches;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.datasets.LanceDatasets.WriteOptions;
import dev.lancebench.running.Bench;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
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
import org.lance.Dataset;
import org.lance.index.Index;
import org.lance.index.IndexParams;
import org.lance.index.IndexType;
import org.lance.index.scalar.ScalarIndexParams;

/**
 * The data {@link IndexBuildBenchmarks} builds on, the scalar builds themselves, and the check
 * after every build: the benchmarks show the workload, this class the Arrow filling.
 */
final class IndexBuildData {
  private static final int ROWS_PER_BATCH = 100_000;

  private IndexBuildData() {}

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
    int perBatch = ROWS_PER_BATCH;
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
   * Writes {@code rows} seeded random values of {@code type} to a dataset at {@code uri}, untimed:
   * drawn from {@code distinct} values, or from every int64 (then all but surely distinct, as
   * upstream's random generator makes them) when {@code distinct} is 0.
   */
  static void writeRandomValues(Bench bench, Path uri, ScalarType type, long rows, long distinct) {
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
            (rows + ROWS_PER_BATCH - 1) / ROWS_PER_BATCH,
            (root, batch) ->
                fillRandom(
                    root,
                    type,
                    distinct,
                    seed + batch,
                    (int) Math.min(ROWS_PER_BATCH, rows - batch * ROWS_PER_BATCH)),
            done -> {}),
        WriteOptions.create("the scalar index build's dataset"));
  }

  private static void fillRandom(
      VectorSchemaRoot root, ScalarType type, long distinct, long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    LongSupplier next = distinct > 0 ? () -> random.nextLong(distinct) : random::nextLong;
    if (type == ScalarType.int64) {
      BigIntVector ints = (BigIntVector) root.getVector(COLUMN);
      ints.allocateNew(n);
      for (int i = 0; i < n; i++) {
        ints.set(i, next.getAsLong());
      }
    } else {
      VarCharVector strings = (VarCharVector) root.getVector(COLUMN);
      strings.allocateNew(16L * n, n);
      for (int i = 0; i < n; i++) {
        strings.set(
            i,
            String.format(Locale.ROOT, "%016x", Long.reverse(next.getAsLong()))
                .getBytes(StandardCharsets.US_ASCII));
      }
    }
    root.setRowCount(n);
    root.getFieldVectors().forEach(v -> v.setValueCount(n));
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
}
