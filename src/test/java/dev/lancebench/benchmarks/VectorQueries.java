package dev.lancebench.benchmarks;

import static dev.lancebench.benchmarks.VectorSearchBenchmarks.MAX_K;
import static dev.lancebench.benchmarks.VectorSearchBenchmarks.QUERIES;
import static dev.lancebench.benchmarks.VectorSearchBenchmarks.QUERY_SEED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.vectors.ClusteredVectorsDataset;
import dev.lancebench.datasets.vectors.ExactNeighbours;
import dev.lancebench.datasets.vectors.VectorsDataset;
import dev.lancebench.running.Bench;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.lance.Dataset;
import org.lance.index.DistanceType;
import org.lance.ipc.Query;

/**
 * The queries of {@link VectorSearchBenchmarks}, their exact neighbours (computed once per JVM and
 * dataset, kept beside a local dataset) and the recall of what the measured searches returned.
 */
final class VectorQueries {
  private VectorQueries() {}

  /** Exact neighbours per dataset URI, computed once per JVM. */
  private static final Map<String, List<long[]>> TRUTH = new ConcurrentHashMap<>();

  static List<float[]> queries() {
    return VectorsDataset.queries(QUERIES, QUERY_SEED);
  }

  static List<long[]> truth(Bench bench, DatasetHandle handle) {
    return truth(bench, handle, VectorsDataset.DATA_SEED, queries());
  }

  static List<float[]> clusteredQueries() {
    return ClusteredVectorsDataset.queries(QUERIES, QUERY_SEED);
  }

  /** The exact neighbours of {@link #clusteredQueries()} in {@code vectors-clustered}. */
  static List<long[]> clusteredTruth(Bench bench, DatasetHandle handle) {
    return truth(bench, handle, ClusteredVectorsDataset.DATA_SEED, clusteredQueries());
  }

  private static List<long[]> truth(
      Bench bench, DatasetHandle handle, long dataSeed, List<float[]> queries) {
    return TRUTH.computeIfAbsent(
        handle.uri() + "#" + handle.rows(),
        uri -> {
          try (Dataset dataset = handle.open(bench.allocator())) {
            return ExactNeighbours.of(
                handle.name(),
                handle.uri(),
                handle.rows(),
                dataSeed,
                dataset,
                queries,
                QUERY_SEED,
                MAX_K,
                System.out);
          }
        });
  }

  static Query query(float[] key, int k, int nprobes, Integer refineFactor) {
    Query.Builder builder =
        new Query.Builder()
            .setColumn(VectorsDataset.VECTOR)
            .setKey(key)
            .setK(k)
            .setNprobes(nprobes)
            .setDistanceType(DistanceType.L2);
    if (refineFactor != null) {
      builder.setRefineFactor(refineFactor);
    }
    return builder.build();
  }

  /** The mean recall@k over the queries searched in the measured rounds (and warmup). */
  static void recordRecall(Bench bench, long[][] found, List<long[]> truth, int k) {
    double sum = 0;
    int n = 0;
    for (int q = 0; q < found.length; q++) {
      if (found[q] != null) {
        sum += VectorsDataset.recall(found[q], truth.get(q), k);
        n++;
      }
    }
    assertThat(n).as("queries searched").isPositive();
    double recall = sum / n;
    // an IVF_PQ search that finds none of the true neighbours is broken, not just imprecise
    assertThat(recall).as("recall@" + k).isGreaterThan(0.0);
    bench.extra("recall_at_k", recall);
  }
}
