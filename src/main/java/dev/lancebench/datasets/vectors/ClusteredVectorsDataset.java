package dev.lancebench.datasets.vectors;

import dev.lancebench.datasets.DatasetDefinition;
import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.DatasetState;
import dev.lancebench.datasets.Progress;
import dev.lancebench.datasets.RowCountDataset;
import dev.lancebench.settings.Setting;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;

/**
 * {@code vectors-clustered}, beyond upstream: vectors with the structure real embeddings have, on
 * which an IVF_PQ index's recall rises with nprobes and refine as users see it (on upstream's
 * i.i.d. normal vectors it sits near its floor whatever the parameters). 100,000 rows by default of
 * {@value #DIMENSION}-d float32, each a point of a seeded mixture of {@value #CLUSTERS} Gaussian
 * clusters in a {@value #INTRINSIC}-d space (centres N(0, {@value #SPREAD}²) per coordinate, points
 * N(centre, 1)), mapped into {@value #DIMENSION} dimensions by a fixed random linear map, plus N(0,
 * {@value #NOISE}²) noise in every dimension. The cluster of row {@code i} and its draws are fixed
 * by the seed and the row's batch, so every generation writes the same vectors. IVF_PQ as upstream
 * sizes it: min(rows / 4000, ⌊√rows⌋) partitions, dimension / 16 sub-vectors, 8 bits, L2. A few
 * minutes to build at the default size.
 */
public final class ClusteredVectorsDataset extends RowCountDataset {
  public static final String NAME = "vectors-clustered";
  public static final long DEFAULT_ROWS = 100_000;
  public static final int DIMENSION = 128;
  public static final int INTRINSIC = 16;
  public static final int CLUSTERS = 4;
  public static final double SPREAD = 3.0;
  public static final double NOISE = 0.05;
  public static final long DATA_SEED = 0xC1_05_7E_12L;
  static final int ROWS_PER_BATCH = 8_192;

  public static final DatasetDefinition DEFINITION =
      new DatasetDefinition(
          NAME,
          "100K vectors of 128 float32 from 4 Gaussian clusters on a 16-d subspace, IVF_PQ",
          Setting.positive("bench." + NAME + ".rows"),
          "--" + NAME + "-rows",
          BigDecimal.valueOf(DEFAULT_ROWS),
          true,
          rows -> new ClusteredVectorsDataset(rows.longValueExact()));

  /** The mixture: the map into the full space and the clusters' centres, fixed by the seed. */
  private static final Mixture MIXTURE = new Mixture(DATA_SEED);

  public ClusteredVectorsDataset(long rows) {
    super(VectorsDataset.checked(DEFINITION, rows));
  }

  @Override
  protected DatasetDefinition definition() {
    return DEFINITION;
  }

  /** min(rows / 4000, ⌊√rows⌋), at least 1: 25 at 100,000 rows. */
  public int partitions() {
    return VectorsDataset.partitions(rows());
  }

  public static int subVectors() {
    return DIMENSION / 16;
  }

  public static Schema schema() {
    return VectorsDataset.schema(DIMENSION);
  }

  @Override
  public DatasetState inspect(DatasetPlace at) {
    return inspectRowsAndIndexes(at, schema().getFields(), VectorsDataset::hasVectorIndex);
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
            String.format(Locale.ROOT, "%,d clustered vectors of %d float32", rows(), DIMENSION)));
    VectorsDataset.indexAndReport(at, progress, rows(), partitions(), subVectors(), start);
  }

  /** IVF_PQ on {@code vector}: {@code partitions}, upstream's sub-vectors, 8 bits, L2. */
  public static void buildIndex(Dataset dataset, int partitions) {
    VectorsDataset.buildIndex(dataset, partitions, subVectors());
  }

  private void fill(VectorSchemaRoot root, long batch) {
    long first = batch * ROWS_PER_BATCH;
    int n = (int) Math.min(ROWS_PER_BATCH, rows() - first);
    SplittableRandom random = new SplittableRandom(DATA_SEED + batch);
    VectorsDataset.fillBatch(root, first, n, vector -> MIXTURE.draw(random, vector));
  }

  /**
   * {@code count} queries from the same mixture, fixed by {@code seed} (not rows of the dataset):
   * as a user's query embeddings are, near the data but not in it.
   */
  public static List<float[]> queries(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<float[]> queries = new ArrayList<>(count);
    for (int q = 0; q < count; q++) {
      float[] point = new float[DIMENSION];
      MIXTURE.draw(random, point);
      queries.add(point);
    }
    return queries;
  }

  /** The clusters' centres in the intrinsic space and the linear map into the full one. */
  private static final class Mixture {
    final double[][] centres = new double[CLUSTERS][INTRINSIC];
    final double[][] map = new double[INTRINSIC][DIMENSION];

    Mixture(long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      for (double[] centre : centres) {
        for (int d = 0; d < INTRINSIC; d++) {
          centre[d] = SPREAD * random.nextGaussian();
        }
      }
      // unit variance per output dimension for a unit-variance input
      double scale = 1 / Math.sqrt(INTRINSIC);
      for (double[] row : map) {
        for (int j = 0; j < DIMENSION; j++) {
          row[j] = scale * random.nextGaussian();
        }
      }
    }

    /** One point: a cluster, a Gaussian draw around its centre, mapped, plus noise. */
    void draw(SplittableRandom random, float[] out) {
      double[] centre = centres[random.nextInt(CLUSTERS)];
      double[] x = new double[INTRINSIC];
      for (int d = 0; d < INTRINSIC; d++) {
        x[d] = centre[d] + random.nextGaussian();
      }
      for (int j = 0; j < DIMENSION; j++) {
        double v = 0;
        for (int d = 0; d < INTRINSIC; d++) {
          v += x[d] * map[d][j];
        }
        out[j] = (float) (v + NOISE * random.nextGaussian());
      }
    }
  }
}
