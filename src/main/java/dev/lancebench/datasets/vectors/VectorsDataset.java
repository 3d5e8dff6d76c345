package dev.lancebench.datasets.vectors;

import dev.lancebench.datasets.BatchSource;
import dev.lancebench.datasets.DatasetDefinition;
import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.DatasetState;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.datasets.LanceDatasets.WriteOptions;
import dev.lancebench.datasets.Progress;
import dev.lancebench.datasets.RowCountDataset;
import dev.lancebench.settings.Setting;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;
import org.lance.index.DistanceType;
import org.lance.index.IndexParams;
import org.lance.index.IndexType;
import org.lance.index.vector.VectorIndexParams;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.Query;
import org.lance.ipc.ScanOptions;

/**
 * Upstream's vector-search datasets {@code vectors-100k} and {@code vectors-1m}: {@code id} int64
 * (0..N-1) and {@code vector}, a fixed-size list of 1024 float32 drawn from the standard normal
 * distribution (seeded per batch, so the same rows come out of every generation), with an IVF_PQ
 * index of upstream's parameters: partitions = min(rows / 4000, ⌊√rows⌋) (at least 1), sub-vectors
 * = dimension / 16, 8 bits per code, L2 distance.
 */
public final class VectorsDataset extends RowCountDataset {
  public static final int DIMENSION = 1024;
  public static final String ID = "id";
  public static final String VECTOR = "vector";
  public static final String INDEX_NAME = "vector_idx";

  /** 16 MiB of vectors per batch. */
  static final int ROWS_PER_BATCH = 4_096;

  /** The seed of the dataset's values: fixed, so every copy holds the same vectors. */
  public static final long DATA_SEED = 0x5EED_1024L;

  public static final DatasetDefinition DEFINITION_100K = definition("vectors-100k", 100_000);
  public static final DatasetDefinition DEFINITION_1M = definition("vectors-1m", 1_000_000);

  private static DatasetDefinition definition(String name, long rows) {
    DatasetDefinition[] self = new DatasetDefinition[1];
    self[0] =
        new DatasetDefinition(
            name,
            String.format(Locale.ROOT, "%,d vectors of 1024 float32 (normal), IVF_PQ index", rows),
            Setting.positive("bench." + name + ".rows"),
            "--" + name + "-rows",
            BigDecimal.valueOf(rows),
            true,
            r -> new VectorsDataset(self[0], r.longValueExact()));
    return self[0];
  }

  private final DatasetDefinition definition;

  VectorsDataset(DatasetDefinition definition, long rows) {
    super(checked(definition, rows));
    this.definition = definition;
  }

  /** IVF_PQ trains 256 codes per sub-vector: fewer rows cannot train it. */
  static long checked(DatasetDefinition definition, long rows) {
    if (rows < 256) {
      throw new IllegalArgumentException(
          "The '"
              + definition.name()
              + "' dataset needs at least 256 rows for its IVF_PQ index (8-bit codes), got "
              + rows
              + " (set "
              + definition.size().key()
              + ")");
    }
    return rows;
  }

  @Override
  protected DatasetDefinition definition() {
    return definition;
  }

  /** min(rows / 4000, ⌊√rows⌋), at least 1: 25 at 100,000 rows, 250 at 1,000,000. */
  public int partitions() {
    return partitions(rows());
  }

  /** Upstream's IVF partitions for {@code rows} vectors: min(rows / 4000, ⌊√rows⌋), at least 1. */
  static int partitions(long rows) {
    return (int) Math.max(1, Math.min(rows / 4000, (long) Math.floor(Math.sqrt(rows))));
  }

  /**
   * IVF_PQ on {@code vector}: {@code partitions}, {@code subVectors}, 8 bits, L2, 50 iterations.
   */
  static void buildIndex(Dataset dataset, int partitions, int subVectors) {
    dataset.createIndex(
        List.of(VECTOR),
        IndexType.IVF_PQ,
        Optional.of(INDEX_NAME),
        IndexParams.builder()
            .setVectorIndexParams(
                VectorIndexParams.ivfPq(partitions, 8, subVectors, DistanceType.L2, 50))
            .build(),
        true);
  }

  public static int subVectors() {
    return DIMENSION / 16;
  }

  public static Schema schema() {
    return schema(DIMENSION);
  }

  /** {@code id} int64 and {@code vector}, a fixed-size list of {@code dimension} float32. */
  public static Schema schema(int dimension) {
    Field item =
        new Field(
            "item",
            FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
            null);
    return new Schema(
        List.of(
            new Field(ID, FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field(
                VECTOR,
                FieldType.notNullable(new ArrowType.FixedSizeList(dimension)),
                List.of(item))));
  }

  @Override
  public DatasetState inspect(DatasetPlace at) {
    return inspectRowsAndIndexes(at, schema().getFields(), VectorsDataset::hasVectorIndex);
  }

  static boolean hasVectorIndex(Dataset dataset) {
    // lance-core 7.0.0 lists an IVF_PQ index as VECTOR
    return LanceDatasets.hasIndex(dataset, VECTOR, IndexType.VECTOR, IndexType.IVF_PQ);
  }

  @Override
  public void generate(DatasetState found, DatasetPlace at, Progress progress) {
    long start = System.nanoTime();
    writeRowsIfAbsent(
        found,
        at,
        progress,
        new RowBatches(
            schema(),
            ROWS_PER_BATCH,
            this::fill,
            String.format(Locale.ROOT, "%,d vectors of %d float32", rows(), DIMENSION)));
    indexAndReport(at, progress, rows(), partitions(), subVectors(), start);
  }

  /**
   * The end of a vectors dataset's generation: its IVF_PQ index built (the step said first), then
   * the rows ready and the time since {@code start}.
   */
  static void indexAndReport(
      DatasetPlace at, Progress progress, long rows, int partitions, int subVectors, long start) {
    try (Dataset dataset = at.open()) {
      progress.step(
          String.format(
              Locale.ROOT,
              "training and building the IVF_PQ index (%d partitions, %d sub-vectors, 8 bits, L2)",
              partitions,
              subVectors));
      buildIndex(dataset, partitions, subVectors);
    }
    progress.step(
        String.format(
            Locale.ROOT,
            "%,d rows ready at %s (%.1f s)",
            rows,
            at.uri(),
            (System.nanoTime() - start) / 1e9));
  }

  /**
   * Writes {@code rows} of this dataset's vectors to {@code uri} without an index: the input of a
   * benchmark that builds one itself.
   */
  public static void writeVectors(String uri, long rows, BufferAllocator allocator) {
    VectorsDataset vectors = new VectorsDataset(DEFINITION_100K, rows);
    LanceDatasets.write(
        uri,
        Map.of(),
        allocator,
        new BatchSource(
            allocator,
            schema(),
            (rows + ROWS_PER_BATCH - 1) / ROWS_PER_BATCH,
            vectors::fill,
            done -> {}),
        WriteOptions.create(String.format(Locale.ROOT, "%,d vectors", rows)));
  }

  private void fill(VectorSchemaRoot root, long batch) {
    long first = batch * ROWS_PER_BATCH;
    int n = (int) Math.min(ROWS_PER_BATCH, rows() - first);
    SplittableRandom random = new SplittableRandom(DATA_SEED + batch);
    fillBatch(
        root,
        first,
        n,
        vector -> {
          for (int j = 0; j < vector.length; j++) {
            vector[j] = (float) random.nextGaussian();
          }
        });
  }

  /**
   * Fills {@code root} ({@code id}, {@code vector}) with rows {@code first} .. {@code first + n -
   * 1}, each vector as {@code draw} writes it, in row order.
   */
  static void fillBatch(VectorSchemaRoot root, long first, int n, Consumer<float[]> draw) {
    BigIntVector ids = (BigIntVector) root.getVector(ID);
    FixedSizeListVector vectors = (FixedSizeListVector) root.getVector(VECTOR);
    int dimension = vectors.getListSize();
    ids.allocateNew(n);
    vectors.allocateNew();
    Float4Vector items = (Float4Vector) vectors.getDataVector();
    items.allocateNew(n * dimension);
    float[] vector = new float[dimension];
    for (int i = 0; i < n; i++) {
      ids.set(i, first + i);
      vectors.setNotNull(i);
      draw.accept(vector);
      for (int j = 0; j < dimension; j++) {
        items.set(i * dimension + j, vector[j]);
      }
    }
    items.setValueCount(n * dimension);
    ids.setValueCount(n);
    vectors.setValueCount(n);
    root.setRowCount(n);
  }

  /**
   * {@code count} query vectors from the same distribution as the data, fixed by {@code seed}: the
   * same queries in every run, so recall and latency compare across runs.
   */
  public static List<float[]> queries(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<float[]> queries = new ArrayList<>(count);
    for (int q = 0; q < count; q++) {
      float[] v = new float[DIMENSION];
      for (int j = 0; j < DIMENSION; j++) {
        v[j] = (float) random.nextGaussian();
      }
      queries.add(v);
    }
    return queries;
  }

  /**
   * The ids of the {@code k} exact nearest neighbours (L2) of each query: the same search with the
   * index bypassed ({@code setUseIndex(false)}), a flat scan of every vector.
   */
  /**
   * The exact {@code k} nearest neighbours (L2) of every query in one pass over the vectors: each
   * batch is compared with all the queries while it is in memory, so the dataset is read once
   * rather than once per query (upstream's way, an index-bypassed search per query, reads 4 GB per
   * query on {@code vectors-1m}). Distances are summed in double, so the answer does not depend on
   * a float summation order; ties go to the lower id.
   */
  public static List<long[]> exactNeighboursInOnePass(
      Dataset dataset, List<float[]> queries, int k) {
    int q = queries.size();
    List<PriorityQueue<double[]>> best = new ArrayList<>(q);
    for (int i = 0; i < q; i++) {
      // the worst kept candidate on top: {distance, id}
      best.add(
          new PriorityQueue<>(
              Comparator.comparingDouble((double[] c) -> c[0])
                  .thenComparingDouble(c -> c[1])
                  .reversed()));
    }
    ScanOptions options =
        new ScanOptions.Builder().columns(List.of(ID, VECTOR)).batchSize(8192).build();
    try (LanceScanner scanner = dataset.newScan(options);
        ArrowReader reader = scanner.scanBatches()) {
      float[] vectors = new float[0];
      while (reader.loadNextBatch()) {
        VectorSchemaRoot batch = reader.getVectorSchemaRoot();
        BigIntVector ids = (BigIntVector) batch.getVector(ID);
        FixedSizeListVector column = (FixedSizeListVector) batch.getVector(VECTOR);
        int dimension = column.getListSize();
        int rows = batch.getRowCount();
        if (vectors.length < rows * dimension) {
          vectors = new float[rows * dimension];
        }
        column
            .getDataVector()
            .getDataBuffer()
            .nioBuffer(0, rows * dimension * Float.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN)
            .asFloatBuffer()
            .get(vectors, 0, rows * dimension);
        float[] batchVectors = vectors;
        IntStream.range(0, q)
            .parallel()
            .forEach(
                i -> {
                  float[] query = queries.get(i);
                  PriorityQueue<double[]> kept = best.get(i);
                  for (int r = 0; r < rows; r++) {
                    double distance = squaredDistance(query, batchVectors, r * dimension);
                    double id = ids.get(r);
                    double[] worst = kept.peek();
                    if (kept.size() < k) {
                      kept.add(new double[] {distance, id});
                    } else if (distance < worst[0] || (distance == worst[0] && id < worst[1])) {
                      kept.poll();
                      kept.add(new double[] {distance, id});
                    }
                  }
                });
      }
    } catch (Exception e) { // lance-core throws IOException undeclared, from native code
      throw new IllegalStateException(
          "the exact neighbours' scan of " + dataset.uri() + " failed: " + e, e);
    }
    List<long[]> truth = new ArrayList<>(q);
    for (PriorityQueue<double[]> kept : best) {
      List<double[]> nearestFirst = new ArrayList<>(kept);
      nearestFirst.sort(
          Comparator.comparingDouble((double[] c) -> c[0]).thenComparingDouble(c -> c[1]));
      truth.add(nearestFirst.stream().mapToLong(c -> (long) c[1]).toArray());
    }
    return truth;
  }

  /** The squared L2 distance of {@code query} to the vector at {@code from}, in double. */
  private static double squaredDistance(float[] query, float[] vectors, int from) {
    double a = 0;
    double b = 0;
    double c = 0;
    double d = 0;
    // every dimension here is a multiple of 4
    for (int j = 0; j < query.length; j += 4) {
      double x = query[j] - vectors[from + j];
      double y = query[j + 1] - vectors[from + j + 1];
      double z = query[j + 2] - vectors[from + j + 2];
      double w = query[j + 3] - vectors[from + j + 3];
      a += x * x;
      b += y * y;
      c += z * z;
      d += w * w;
    }
    return (a + b) + (c + d);
  }

  /** The exact neighbours by Lance's own search with the index bypassed, one query at a time. */
  public static List<long[]> exactNeighbours(
      Dataset dataset, List<float[]> queries, int k, BufferAllocator allocator) {
    List<long[]> truth = new ArrayList<>(queries.size());
    for (float[] query : queries) {
      Query exact =
          new Query.Builder()
              .setColumn(VECTOR)
              .setKey(query)
              .setK(k)
              .setDistanceType(DistanceType.L2)
              .setUseIndex(false)
              .build();
      truth.add(
          ids(
              dataset,
              new ScanOptions.Builder().columns(List.of(ID, "_distance")).nearest(exact).build()));
    }
    return truth;
  }

  /** The {@code id} column of a search's results, in result order. */
  public static long[] ids(Dataset dataset, ScanOptions options) {
    List<Long> ids = new ArrayList<>();
    try (LanceScanner scanner = dataset.newScan(options);
        ArrowReader reader = scanner.scanBatches()) {
      while (reader.loadNextBatch()) {
        BigIntVector column = (BigIntVector) reader.getVectorSchemaRoot().getVector(ID);
        for (int i = 0; i < column.getValueCount(); i++) {
          ids.add(column.get(i));
        }
      }
    } catch (Exception e) { // lance-core throws IOException undeclared, from native code
      throw new IllegalStateException("vector search on " + dataset.uri() + " failed: " + e, e);
    }
    return ids.stream().mapToLong(Long::longValue).toArray();
  }

  /** |found ∩ first k of truth| / k. */
  public static double recall(long[] found, long[] truth, int k) {
    Set<Long> expected = new HashSet<>();
    for (int i = 0; i < Math.min(k, truth.length); i++) {
      expected.add(truth[i]);
    }
    long hits = Arrays.stream(found).limit(k).filter(expected::contains).count();
    return expected.isEmpty() ? 1.0 : (double) hits / expected.size();
  }
}
