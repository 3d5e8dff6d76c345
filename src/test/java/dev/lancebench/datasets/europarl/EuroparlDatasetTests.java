package dev.lancebench.datasets.europarl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.DatasetState;
import dev.lancebench.datasets.Progress;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.Dataset;
import org.lance.ipc.FullTextQuery;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;

/** The europarl dataset on small real data: corpus, schema, index, idempotence. */
class EuroparlDatasetTests {
  static final long ROWS = 12_345; // two batches, the second partial

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

  DatasetState ensure(String uri, long rows) {
    try (Progress progress =
        new Progress(new PrintStream(OutputStream.nullOutputStream()), "europarl", rows, false)) {
      return new EuroparlDataset(rows).ensure(new DatasetPlace(uri, Map.of(), allocator), progress);
    }
  }

  @Test
  void theCorpusIsCutIntoLowerCaseLetterDocumentsOfAtMost40Words() {
    List<String> docs = EuroparlCorpus.documents();
    assertThat(docs).hasSize(EuroparlCorpus.DOCUMENTS);
    assertThat(docs)
        .allSatisfy(
            d -> {
              assertThat(d.split(" ")).hasSizeLessThanOrEqualTo(40);
              assertThat(d.codePoints().allMatch(c -> c == ' ' || Character.isLetter(c))).isTrue();
              assertThat(d).isEqualTo(d.toLowerCase(Locale.ROOT)).isNotBlank();
            });
    assertThat(EuroparlCorpus.prepare("The EU's 2004 budget — €1,5 billion!"))
        .isEqualTo("the eu s budget billion");
  }

  @Test
  void idsAndTextWithAnInvertedIndexThatFindsPhrasesAndTheRunAfterLeavesItAlone() throws Exception {
    String uri = dir.resolve("europarl.lance").toString();
    assertThat(ensure(uri, ROWS)).isEqualTo(DatasetState.MISSING);

    try (Dataset dataset = Dataset.open(uri, allocator)) {
      assertThat(dataset.countRows()).isEqualTo(ROWS);
      assertThat(dataset.getSchema().getFields())
          .extracting(Field::getName, Field::getType)
          .containsExactly(
              Tuple.tuple("id", new ArrowType.Int(64, true)),
              Tuple.tuple("text", ArrowType.Utf8.INSTANCE));
      assertThat(EuroparlDataset.hasTextIndex(dataset)).isTrue();
      // a phrase query needs the positions: the index answers one
      String phrase =
          String.join(" ", List.of(EuroparlCorpus.documents().get(7).split(" ")).subList(0, 3));
      ScanOptions options =
          new ScanOptions.Builder()
              .columns(List.of("id"))
              .fullTextQuery(FullTextQuery.phrase(phrase, "text"))
              .limit(ROWS)
              .build();
      long hits = 0;
      try (LanceScanner scanner = dataset.newScan(options);
          ArrowReader reader = scanner.scanBatches()) {
        while (reader.loadNextBatch()) {
          hits += reader.getVectorSchemaRoot().getRowCount();
        }
      }
      assertThat(hits).isPositive();
    }
    assertThat(ensure(uri, ROWS)).isEqualTo(DatasetState.COMPLETE);
  }

  @Test
  void rowsWithoutTheIndexGetTheIndex() {
    String uri = dir.resolve("europarl.lance").toString();
    ensure(uri, 1_000);
    try (Dataset dataset = Dataset.open(uri, allocator)) {
      dataset.dropIndex("text_idx");
    }
    assertThat(ensure(uri, 1_000)).isEqualTo(DatasetState.INDEX_MISSING);
    assertThat(ensure(uri, 1_000)).isEqualTo(DatasetState.COMPLETE);
  }

  @Test
  void aGenerationKilledBeforeItsCommitIsGeneratedAgain() throws Exception {
    Path half = dir.resolve("europarl.lance");
    Files.createDirectories(half.resolve("_versions"));
    Files.write(half.resolve("_versions").resolve("1.manifest-partial"), new byte[16]);

    assertThat(ensure(half.toString(), 1_000)).isEqualTo(DatasetState.MISSING);
    assertThat(ensure(half.toString(), 1_000)).isEqualTo(DatasetState.COMPLETE);
  }

  @Test
  void moreDocumentsThanTheCorpusMakesIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new EuroparlDataset(EuroparlCorpus.DOCUMENTS + 1L))
        .hasMessageContaining("bench.europarl.rows")
        .hasMessageContaining("95,086");
  }
}
