package dev.lancebench.datasets.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.DatasetState;
import dev.lancebench.datasets.Progress;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.Dataset;
import org.lance.index.DistanceType;
import org.lance.ipc.Query;
import org.lance.ipc.ScanOptions;

/** The vectors datasets on small real data: schema, values, index, idempotence, recall helpers. */
class VectorsDatasetTests {
  static final long ROWS = 5_000; // two batches, the second partial

  @TempDir Path dir;
  BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  static VectorsDataset spec(long rows) {
    return (VectorsDataset) VectorsDataset.DEFINITION_100K.atSize().apply(BigDecimal.valueOf(rows));
  }

  DatasetState ensure(String uri, long rows) {
    try (Progress progress =
        new Progress(new PrintStream(OutputStream.nullOutputStream()), "vectors", rows, false)) {
      return spec(rows).ensure(new DatasetPlace(uri, Map.of(), allocator), progress);
    }
  }

  @Test
  void upstreamsPartitionsAndSubVectors() {
    assertThat(spec(100_000).partitions()).isEqualTo(25);
    assertThat(spec(1_000_000).partitions()).isEqualTo(250);
    assertThat(spec(1_000).partitions()).isEqualTo(1); // min(0, 31), at least one
    assertThat(VectorsDataset.subVectors()).isEqualTo(64);
    assertThatThrownBy(() -> spec(255))
        .hasMessageContaining("at least 256 rows")
        .hasMessageContaining("bench.vectors-100k.rows");
  }

  @Test
  void idsAndNormalVectorsWithAnIvfPqIndexAndTheRunAfterLeavesItAlone() throws Exception {
    String uri = dir.resolve("vectors-100k.lance").toString();
    assertThat(ensure(uri, ROWS)).isEqualTo(DatasetState.MISSING);

    try (Dataset dataset = Dataset.open(uri, allocator)) {
      assertThat(dataset.countRows()).isEqualTo(ROWS);
      assertThat(dataset.getSchema().getFields())
          .extracting(Field::getName, Field::getType)
          .containsExactly(
              Tuple.tuple("id", new ArrowType.Int(64, true)),
              Tuple.tuple("vector", new ArrowType.FixedSizeList(1024)));
      assertThat(VectorsDataset.hasVectorIndex(dataset)).isTrue();
      // the vector of row 0 is a standard normal draw: a search for it finds row 0 first
      List<float[]> queries = VectorsDataset.queries(3, 1);
      List<long[]> exact = VectorsDataset.exactNeighbours(dataset, queries, 10, allocator);
      assertThat(exact).allSatisfy(ids -> assertThat(ids).hasSize(10).doesNotHaveDuplicates());
      // the index finds a share of them; recall is a number in [0, 1]
      double recall = VectorsDataset.recall(exact.get(0), exact.get(0), 10);
      assertThat(recall).isEqualTo(1.0);
    }
    long version;
    try (Dataset dataset = Dataset.open(uri, allocator)) {
      version = dataset.version();
    }
    assertThat(ensure(uri, ROWS)).isEqualTo(DatasetState.COMPLETE);
    try (Dataset dataset = Dataset.open(uri, allocator)) {
      assertThat(dataset.version()).isEqualTo(version);
    }
  }

  @Test
  void theSameRowsComeOutOfEveryGeneration() {
    String a = dir.resolve("a.lance").toString();
    String b = dir.resolve("b.lance").toString();
    ensure(a, 1_000);
    ensure(b, 1_000);
    float[] query = VectorsDataset.queries(1, 9).get(0);
    try (Dataset first = Dataset.open(a, allocator);
        Dataset second = Dataset.open(b, allocator)) {
      assertThat(VectorsDataset.exactNeighbours(first, List.of(query), 5, allocator).get(0))
          .containsExactly(
              VectorsDataset.exactNeighbours(second, List.of(query), 5, allocator).get(0));
    }
  }

  @Test
  void rowsWithoutTheIndexGetTheIndex() {
    String uri = dir.resolve("vectors-100k.lance").toString();
    ensure(uri, 1_000);
    try (Dataset dataset = Dataset.open(uri, allocator)) {
      dataset.dropIndex(VectorsDataset.INDEX_NAME);
    }
    assertThat(ensure(uri, 1_000)).isEqualTo(DatasetState.INDEX_MISSING);
    assertThat(ensure(uri, 1_000)).isEqualTo(DatasetState.COMPLETE);
  }

  @Test
  void aGenerationKilledBeforeItsCommitIsGeneratedAgain() throws Exception {
    Path half = dir.resolve("vectors-100k.lance");
    Files.createDirectories(half.resolve("data"));
    Files.write(half.resolve("data").resolve("partial.lance"), new byte[1024]);

    assertThat(ensure(half.toString(), 1_000)).isEqualTo(DatasetState.MISSING);
    assertThat(ensure(half.toString(), 1_000)).isEqualTo(DatasetState.COMPLETE);
  }

  @Test
  void exactNeighboursAreKeptBesideTheDatasetAndComputedAgainWhenTheyNoLongerMatch()
      throws Exception {
    String uri = dir.resolve("vectors-100k.lance").toString();
    ensure(uri, 1_000);
    List<float[]> queries = VectorsDataset.queries(4, 5);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);
    Path kept = dir.resolve(".vectors-100k.lance.exact-neighbours.json");
    try (Dataset dataset = Dataset.open(uri, allocator)) {
      List<long[]> first = ExactNeighbours.of("v", uri, 1_000, dataset, queries, 5, 10, out);
      assertThat(kept).exists();
      assertThat(text.toString()).contains("one scan of every vector").contains("kept in " + kept);
      // the one pass over the vectors finds what Lance's own search with the index bypassed does
      assertThat(first)
          .usingRecursiveComparison()
          .isEqualTo(VectorsDataset.exactNeighbours(dataset, queries, 10, allocator));

      List<long[]> again = ExactNeighbours.of("v", uri, 1_000, dataset, queries, 5, 10, out);
      assertThat(text.toString()).contains("from " + kept);
      assertThat(again).usingRecursiveComparison().isEqualTo(first);

      // a kept answer that the dataset no longer gives is computed again, not trusted
      String json = Files.readString(kept);
      long firstId = first.get(0)[0];
      Files.writeString(
          kept, json.replaceFirst("\\[\\[" + firstId + ",", "[[" + (firstId + 1) + ","));
      List<long[]> recomputed = ExactNeighbours.of("v", uri, 1_000, dataset, queries, 5, 10, out);
      assertThat(text.toString()).contains("no longer match the dataset");
      assertThat(recomputed).usingRecursiveComparison().isEqualTo(first);

      // another question (here: k) is never answered from the kept file
      text.reset();
      ExactNeighbours.of("v", uri, 1_000, dataset, queries, 5, 5, out);
      assertThat(text.toString()).doesNotContain("from " + kept);
    }
  }

  /**
   * The recall pipeline end to end: an index search whose refine step re-ranks every row by its
   * full vector (1,000 rows, k 10, refine factor 100) must find exactly the exact neighbours.
   */
  @Test
  void anIndexSearchThatReranksEveryRowHasRecallOne() {
    String uri = dir.resolve("vectors-100k.lance").toString();
    ensure(uri, 1_000);
    List<float[]> queries = VectorsDataset.queries(5, 11);
    try (Dataset dataset = Dataset.open(uri, allocator)) {
      List<long[]> exact = VectorsDataset.exactNeighbours(dataset, queries, 10, allocator);
      double sumRefined = 0;
      double sumPlain = 0;
      for (int q = 0; q < queries.size(); q++) {
        Query.Builder query =
            new Query.Builder()
                .setColumn("vector")
                .setKey(queries.get(q))
                .setK(10)
                .setNprobes(1)
                .setDistanceType(DistanceType.L2);
        long[] refined =
            VectorsDataset.ids(
                dataset,
                new ScanOptions.Builder()
                    .columns(List.of("id", "_distance"))
                    .nearest(query.setRefineFactor(100).build())
                    .build());
        sumRefined += VectorsDataset.recall(refined, exact.get(q), 10);
        long[] plain =
            VectorsDataset.ids(
                dataset,
                new ScanOptions.Builder()
                    .columns(List.of("id", "_distance"))
                    .nearest(query.setRefineFactor(1).build())
                    .build());
        sumPlain += VectorsDataset.recall(plain, exact.get(q), 10);
      }
      assertThat(sumRefined / queries.size()).isEqualTo(1.0);
      // product quantization alone loses neighbours on random vectors: recall is a real measure
      assertThat(sumPlain / queries.size()).isLessThan(1.0);
    }
  }

  @Test
  void recallIsTheShareOfTheTrueNeighboursFound() {
    assertThat(VectorsDataset.recall(new long[] {1, 2, 9, 8}, new long[] {1, 2, 3, 4, 5}, 4))
        .isEqualTo(0.5);
    assertThat(VectorsDataset.recall(new long[] {}, new long[] {1, 2}, 2)).isEqualTo(0.0);
  }
}
