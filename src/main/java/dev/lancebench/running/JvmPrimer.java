package dev.lancebench.running;

import dev.lancebench.datasets.BatchSource;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.measuring.Measurement;
import dev.lancebench.measuring.MeasurementSettings;
import dev.lancebench.measuring.MetricSources;
import dev.lancebench.measuring.ScanStatsRecorder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;
import org.lance.Session;
import org.lance.index.IndexType;
import org.lance.ipc.ScanOptions;

/**
 * Warms the JVM before a run's first measurement: lance-core's Java side, Arrow's C data path and
 * the suite's own measuring code are loaded and compiled on a small temporary dataset (write, BTREE
 * and BITMAP indexes, filtered scans with row ids, offset and limit, {@code take}, {@code
 * countRows}, a cold open in a fresh session), so that class loading and compilation land in
 * nobody's numbers. In Python the interpreter is warm by the first benchmark; a JVM is not.
 *
 * <p>Once per process: JIT and class loading are the process's, whatever run asks.
 */
final class JvmPrimer {
  private static final AtomicBoolean PRIMED = new AtomicBoolean();
  private static final int ROWS = 20_000;
  private static final int BATCHES = 2;
  private static final int PASSES = 3;

  private JvmPrimer() {}

  static void primeOnce(PrintStream console) {
    if (PRIMED.compareAndSet(false, true)) {
      long start = System.nanoTime();
      prime();
      console.printf(
          Locale.ROOT,
          "lance-bench: JVM primed for measuring (%.1f s, unmeasured)%n",
          (System.nanoTime() - start) / 1e9);
    }
  }

  private static void prime() {
    Path dir;
    try {
      dir = Files.createTempDirectory("lance-bench-primer");
    } catch (IOException e) {
      throw new UncheckedIOException("creating the primer's temporary dataset folder", e);
    }
    try (BufferAllocator allocator = new RootAllocator()) {
      String uri = dir.resolve("primer.lance").toString();
      write(uri, allocator);
      List<Object> sink = new ArrayList<>();
      for (int pass = 0; pass < PASSES; pass++) {
        try (Session session = Session.create();
            Dataset dataset = LanceDatasets.open(uri, Map.of(), allocator, session)) {
          exercise(dataset, sink);
        }
        sink.clear();
      }
      exerciseMeasuring(uri, allocator);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void exercise(Dataset dataset, List<Object> sink) {
    ScanStatsRecorder stats = new ScanStatsRecorder();
    for (String filter :
        new String[] {
          null, "id = 100", "id != 100", "id >= 100 AND id <= 107", "flag = 3", "id IN (1, 2, 3)"
        }) {
      for (List<String> columns : List.of(List.<String>of(), List.of("id"), List.of("text"))) {
        ScanOptions.Builder options =
            new ScanOptions.Builder().columns(columns).withRowId(true).batchSize(4096);
        if (filter != null) {
          options.filter(filter);
        }
        LanceScans.scan(dataset, options.build(), stats::record, sink::add);
      }
    }
    LanceScans.scan(
        dataset,
        new ScanOptions.Builder().offset(ROWS - 100).limit(50).build(),
        stats::record,
        sink::add);
    LanceScans.scan(dataset, new ScanOptions.Builder().build(), stats::record, sink::add);
    List<String> columns =
        dataset.getSchema().getFields().stream().map(Field::getName).collect(Collectors.toList());
    try (ArrowReader reader = dataset.take(List.of(1L, 500L, 15_000L), columns)) {
      while (reader.loadNextBatch()) {
        sink.add(reader.getVectorSchemaRoot().getRowCount());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("take on the primer dataset", e);
    }
    sink.add(dataset.countRows());
    sink.add(dataset.countRows("flag = 3"));
  }

  /** The measuring engine and every metric source, once, on a scan: their code warmed too. */
  private static void exerciseMeasuring(String uri, BufferAllocator allocator) {
    ScanStatsRecorder stats = new ScanStatsRecorder();
    var sources =
        MetricSources.standard(
            stats,
            Optional.empty(),
            "not measured while priming",
            () -> Optional.of("not measured while priming"));
    try (Dataset dataset = LanceDatasets.open(uri, Map.of(), allocator)) {
      new Measurement<Long>(new MeasurementSettings(1, 2, 3), sources, x -> {}, System::nanoTime)
          .run(
              () -> new ScanOptions.Builder().filter("id < 10").build(),
              options -> LanceScans.scan(dataset, options, stats::record, x -> {}));
    } catch (Exception e) {
      throw new IllegalStateException("priming the measuring engine failed: " + e, e);
    } finally {
      sources.forEach(s -> s.close());
    }
  }

  private static void write(String uri, BufferAllocator allocator) {
    Schema schema =
        new Schema(
            List.of(
                new Field("id", FieldType.nullable(new ArrowType.Int(64, false)), null),
                new Field("flag", FieldType.nullable(new ArrowType.Int(64, true)), null),
                new Field("text", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
                // the types of TPC-H's lineitem, so their Arrow vectors are loaded too
                new Field("price", FieldType.nullable(new ArrowType.Decimal(15, 2, 128)), null),
                new Field("day", FieldType.nullable(new ArrowType.Date(DateUnit.DAY)), null),
                new Field("line", FieldType.nullable(new ArrowType.Int(32, true)), null)));
    int perBatch = ROWS / BATCHES;
    BatchSource.BatchFiller fill =
        (root, batch) -> {
          UInt8Vector id = (UInt8Vector) root.getVector("id");
          BigIntVector flag = (BigIntVector) root.getVector("flag");
          VarCharVector text = (VarCharVector) root.getVector("text");
          DecimalVector price = (DecimalVector) root.getVector("price");
          DateDayVector day = (DateDayVector) root.getVector("day");
          IntVector line = (IntVector) root.getVector("line");
          price.allocateNew(perBatch);
          day.allocateNew(perBatch);
          line.allocateNew(perBatch);
          id.allocateNew(perBatch);
          flag.allocateNew(perBatch);
          text.allocateNew((long) perBatch * 12, perBatch);
          for (int i = 0; i < perBatch; i++) {
            long row = batch * perBatch + i;
            id.set(i, row);
            flag.set(i, row % 10);
            text.setSafe(i, ("payload_" + i).getBytes(StandardCharsets.UTF_8));
            price.set(i, row * 7);
            day.set(i, (int) (row % 2_500));
            line.set(i, (int) (row % 7));
          }
          root.setRowCount(perBatch);
        };
    try (ArrowReader source = new BatchSource(allocator, schema, BATCHES, fill, n -> {});
        Dataset written = Dataset.write().allocator(allocator).reader(source).uri(uri).execute()) {
      LanceDatasets.createScalarIndex(written, "id", IndexType.BTREE, "btree");
      LanceDatasets.createScalarIndex(written, "flag", IndexType.BITMAP, "bitmap");
    } catch (IOException e) {
      throw new UncheckedIOException("writing the primer dataset to " + uri, e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp folder left behind is harmless; the run goes on
    }
  }
}
