package dev.lancebench.datasets.tpch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lancebench.datasets.DatasetMismatchException;
import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.DatasetState;
import dev.lancebench.datasets.Progress;
import dev.lancebench.datasets.basic.BasicDataset;
import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.lance.Dataset;
import org.lance.WriteParams;

/** TPC-H lineitem generation on small scale factors, through the same code as SF 10. */
class TpchGeneratorTests {
  static final double SF = 0.01;
  static final long SF_ROWS = 60_175;

  @TempDir Path dir;
  BufferAllocator allocator;
  ByteArrayOutputStream progressText = new ByteArrayOutputStream();

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  DatasetState ensure(String uri, double sf) {
    PrintStream out = new PrintStream(progressText, true, StandardCharsets.UTF_8);
    try (Progress progress = new Progress(out, "tpch", SF_ROWS, false)) {
      TpchDataset spec = new TpchDataset(sf);
      DatasetState state = spec.inspect(new DatasetPlace(uri, Map.of(), allocator));
      if (state != DatasetState.COMPLETE) {
        new TpchGenerator(spec, 2)
            .generate(state, new DatasetPlace(uri, Map.of(), allocator), progress);
      }
      return state;
    }
  }

  @Test
  void writesEveryLineitemInGeneratorOrderWithFaithfulTypes() throws Exception {
    String uri = dir.resolve("tpch.lance").toString();

    assertThat(ensure(uri, SF)).isEqualTo(DatasetState.MISSING);

    List<LineItem> expected = new ArrayList<>();
    new LineItemGenerator(SF, 1, 1).forEach(expected::add);
    assertThat(expected).hasSize((int) SF_ROWS);
    try (Dataset dataset = Dataset.open(uri, allocator)) {
      assertThat(dataset.countRows()).isEqualTo(SF_ROWS);
      assertThat(dataset.getSchema().getFields())
          .extracting(Field::getName)
          .containsExactly(
              "l_orderkey",
              "l_partkey",
              "l_suppkey",
              "l_linenumber",
              "l_quantity",
              "l_extendedprice",
              "l_discount",
              "l_tax",
              "l_returnflag",
              "l_linestatus",
              "l_shipdate",
              "l_commitdate",
              "l_receiptdate",
              "l_shipinstruct",
              "l_shipmode",
              "l_comment");
      assertThat(dataset.getSchema().getCustomMetadata())
          .containsEntry(TpchDataset.SCALE_FACTOR_KEY, "0.01");
      assertThat(dataset.getLanceFileFormatVersion()).isEqualTo("2.0");
      // the first row, one in the middle (another part of the parallel generation), the last
      for (long index : new long[] {0, SF_ROWS / 2 + 17, SF_ROWS - 1}) {
        assertRowMatches(dataset, index, expected.get((int) index));
      }
    }
    assertThat(progressText.toString(StandardCharsets.UTF_8))
        .contains("tpch 100%")
        .contains("60,175 rows ready at " + uri);
  }

  @Test
  void tpch21HoldsTheSameRowsInFileFormat21AndACopyInAnotherFormatIsAnErrorNamingIt() {
    String v20 = dir.resolve("tpch.lance").toString();
    String v21 = dir.resolve("tpch-2.1.lance").toString();
    ensure(v20, SF);
    TpchDataset spec21 = new TpchDataset(TpchDataset.NAME_2_1, SF, TpchDataset.VERSION_2_1);
    try (Progress progress =
        new Progress(new PrintStream(progressText), "tpch-2.1", SF_ROWS, false)) {
      assertThat(spec21.ensure(new DatasetPlace(v21, Map.of(), allocator), progress))
          .isEqualTo(DatasetState.MISSING);
    }
    try (Dataset a = Dataset.open(v20, allocator);
        Dataset b = Dataset.open(v21, allocator)) {
      assertThat(b.getLanceFileFormatVersion()).isEqualTo("2.1");
      assertThat(b.countRows()).isEqualTo(a.countRows());
      assertThat(b.countRows("l_shipmode = 'AIR'")).isEqualTo(a.countRows("l_shipmode = 'AIR'"));
    }
    // the 2.1 copy where the 2.0 one is expected (what lance-core's default made before)
    assertThatThrownBy(
            () -> new TpchDataset(SF).inspect(new DatasetPlace(v21, Map.of(), allocator)))
        .isInstanceOf(DatasetMismatchException.class)
        .hasMessageContaining("Lance file format 2.1")
        .hasMessageContaining("Delete " + v21);
  }

  @Test
  void theInMemoryCopyIsWrittenOpenAtAMemoryUri() {
    TpchDataset spec =
        (TpchDataset) TpchDataset.MEMORY_DEFINITION_2_1.atSize().apply(BigDecimal.valueOf(SF));
    try (Progress progress =
            new Progress(new PrintStream(progressText), "mem-tpch-2.1", SF_ROWS, false);
        Dataset dataset = spec.writeOpen("memory://tpch-test", allocator, progress)) {
      assertThat(dataset.countRows()).isEqualTo(SF_ROWS);
      assertThat(dataset.getLanceFileFormatVersion()).isEqualTo("2.1");
    }
  }

  private void assertRowMatches(Dataset dataset, long index, LineItem item) throws Exception {
    List<String> columns = dataset.getSchema().getFields().stream().map(Field::getName).toList();
    try (ArrowReader reader = dataset.take(List.of(index), columns)) {
      assertThat(reader.loadNextBatch()).isTrue();
      VectorSchemaRoot row = reader.getVectorSchemaRoot();
      assertThat(row.getVector("l_orderkey").getObject(0)).isEqualTo(item.getOrderKey());
      assertThat(row.getVector("l_partkey").getObject(0)).isEqualTo(item.getPartKey());
      assertThat(row.getVector("l_suppkey").getObject(0)).isEqualTo(item.getSupplierKey());
      assertThat(row.getVector("l_linenumber").getObject(0)).isEqualTo(item.getLineNumber());
      assertThat(row.getVector("l_quantity").getObject(0))
          .isEqualTo(BigDecimal.valueOf(item.getQuantity() * 100, 2));
      assertThat(row.getVector("l_extendedprice").getObject(0))
          .isEqualTo(BigDecimal.valueOf(item.getExtendedPriceInCents(), 2));
      assertThat(row.getVector("l_discount").getObject(0))
          .isEqualTo(BigDecimal.valueOf(item.getDiscountPercent(), 2));
      assertThat(row.getVector("l_tax").getObject(0))
          .isEqualTo(BigDecimal.valueOf(item.getTaxPercent(), 2));
      assertThat(row.getVector("l_returnflag").getObject(0).toString())
          .isEqualTo(item.getReturnFlag());
      assertThat(row.getVector("l_linestatus").getObject(0).toString()).isEqualTo(item.getStatus());
      assertThat(row.getVector("l_shipdate").getObject(0))
          .isEqualTo((int) LocalDate.ofEpochDay(item.getShipDate()).toEpochDay());
      assertThat(row.getVector("l_commitdate").getObject(0)).isEqualTo(item.getCommitDate());
      assertThat(row.getVector("l_receiptdate").getObject(0)).isEqualTo(item.getReceiptDate());
      assertThat(row.getVector("l_shipinstruct").getObject(0).toString())
          .isEqualTo(item.getShipInstructions());
      assertThat(row.getVector("l_shipmode").getObject(0).toString()).isEqualTo(item.getShipMode());
      assertThat(row.getVector("l_comment").getObject(0).toString()).isEqualTo(item.getComment());
    }
  }

  @Test
  void theFirstRowReadsAsTheSpecPrintsIt() throws Exception {
    String uri = dir.resolve("tpch.lance").toString();
    ensure(uri, SF);
    try (Dataset dataset = Dataset.open(uri, allocator);
        ArrowReader reader =
            dataset.take(List.of(0L), List.of("l_extendedprice", "l_discount", "l_shipdate"))) {
      reader.loadNextBatch();
      VectorSchemaRoot row = reader.getVectorSchemaRoot();
      // 1|1552|93|1|17|24710.35|0.04|0.02|N|O|1996-03-13|...
      assertThat(row.getVector("l_extendedprice").getObject(0))
          .isEqualTo(new BigDecimal("24710.35"));
      assertThat(row.getVector("l_discount").getObject(0)).isEqualTo(new BigDecimal("0.04"));
      assertThat(LocalDate.ofEpochDay((Integer) row.getVector("l_shipdate").getObject(0)))
          .isEqualTo(LocalDate.of(1996, 3, 13));
    }
  }

  @Test
  void aSecondRunDoesNothing() {
    String uri = dir.resolve("tpch.lance").toString();
    ensure(uri, SF);
    long version;
    try (Dataset dataset = Dataset.open(uri, allocator)) {
      version = dataset.version();
    }

    assertThat(ensure(uri, SF)).isEqualTo(DatasetState.COMPLETE);

    try (Dataset dataset = Dataset.open(uri, allocator)) {
      assertThat(dataset.version()).isEqualTo(version);
    }
  }

  @Test
  void anEmptyLineitemIsAppendedTo() {
    String uri = dir.resolve("tpch.lance").toString();
    Dataset.create(
            allocator,
            uri,
            new TpchDataset(SF).schema(),
            new WriteParams.Builder().withDataStorageVersion("2.0").build())
        .close();

    assertThat(ensure(uri, SF)).isEqualTo(DatasetState.EMPTY);
    try (Dataset dataset = Dataset.open(uri, allocator)) {
      assertThat(dataset.countRows()).isEqualTo(SF_ROWS);
    }
    assertThat(ensure(uri, SF)).isEqualTo(DatasetState.COMPLETE);
  }

  @Test
  void anotherScaleFactorIsAnErrorNamingTheUriAndTheSetting() {
    String uri = dir.resolve("tpch.lance").toString();
    ensure(uri, SF);

    assertThatThrownBy(() -> ensure(uri, 0.1))
        .isInstanceOf(DatasetMismatchException.class)
        .hasMessageContaining(uri)
        .hasMessageContaining("holds TPC-H scale factor 0.01 (60,175 rows)")
        .hasMessageContaining("bench.tpch.sf=0.01");
  }

  @Test
  void anotherDatasetIsAnErrorNamingTheUri() {
    String uri = dir.resolve("tpch.lance").toString();
    new BasicDataset(1_000)
        .ensure(
            new DatasetPlace(uri, Map.of(), allocator),
            new Progress(new PrintStream(progressText), "basic", 1_000, false));

    assertThatThrownBy(() -> ensure(uri, SF))
        .isInstanceOf(DatasetMismatchException.class)
        .hasMessageContaining(uri)
        .hasMessageContaining("is not the 'tpch' dataset");
  }

  @Test
  void aFolderWithOtherFilesIsNotWrittenInto() throws Exception {
    Path folder = dir.resolve("tpch.lance");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("notes.txt"), "mine");

    assertThatThrownBy(() -> ensure(folder.toString(), SF))
        .isInstanceOf(DatasetMismatchException.class)
        .hasMessageContaining(folder.toString())
        .hasMessageContaining("notes.txt");
    assertThat(folder.resolve("notes.txt")).exists();
  }

  /** kill -9 in the middle of a write: the next run sees no dataset, and generates it whole. */
  @Test
  @EnabledOnOs(OS.LINUX)
  void aGenerationKilledHalfWayIsNeverTakenForComplete() throws Exception {
    Path target = dir.resolve("tpch.lance");
    double sf = 0.5;
    // the child's own temp folder: what a killed JVM leaves (lance-core's extracted native
    // library, 181 MB) stays there, and is removed with it below
    Path childTemp = Files.createDirectories(dir.resolve("child-tmp"));
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + childTemp,
                "-cp",
                System.getProperty("java.class.path"),
                TpchGenerateMain.class.getName(),
                target.toString(),
                Double.toString(sf))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    // wait until Lance has written data files, then kill the JVM without any chance to clean up
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (dataFiles(target) == 0) {
      assertThat(child.isAlive())
          .as(
              "the generation must still be running: %s",
              Files.readString(dir.resolve("child.log")))
          .isTrue();
      assertThat(System.nanoTime()).as("data files appear").isLessThan(deadline);
      Thread.sleep(10);
    }
    child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertThat(dataFiles(target)).isPositive();
    try (Stream<Path> left = Files.list(childTemp)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("the killed JVM's extracted native library, in its own temp folder")
          .anyMatch(name -> name.contains("lance_jni"));
    }
    deleteRecursively(childTemp);
    assertThat(childTemp).doesNotExist();

    assertThat(
            new TpchDataset(sf).inspect(new DatasetPlace(target.toString(), Map.of(), allocator)))
        .isEqualTo(DatasetState.MISSING);
    assertThat(ensure(target.toString(), sf)).isEqualTo(DatasetState.MISSING);
    long rows = 0;
    for (LineItem ignored : new LineItemGenerator(sf, 1, 1)) {
      rows++;
    }
    try (Dataset dataset = Dataset.open(target.toString(), allocator)) {
      assertThat(dataset.countRows()).isEqualTo(rows);
    }
    assertThat(ensure(target.toString(), sf)).isEqualTo(DatasetState.COMPLETE);
  }

  private static void deleteRecursively(Path folder) throws Exception {
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  private static long dataFiles(Path dataset) throws Exception {
    Path data = dataset.resolve("data");
    if (!Files.isDirectory(data)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(data)) {
      return files.count();
    }
  }
}
