package dev.lancebench.running;

import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.lance.Dataset;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;
import org.lance.ipc.ScanStats;

/** The one way the suite reads a Lance scan: to the end, with its stats, closed in order. */
final class LanceScans {
  private LanceScans() {}

  /** Reads the scan to the end; hands its stats and every batch on; returns the row count. */
  static long scan(
      Dataset dataset, ScanOptions options, Consumer<ScanStats> stats, Consumer<Object> batches) {
    ScanOptions withStats = new ScanOptions.Builder(options).collectStats(true).build();
    long rows = 0;
    try (LanceScanner scanner = dataset.newScan(withStats)) {
      try (ArrowReader reader = scanner.scanBatches()) {
        while (reader.loadNextBatch()) {
          VectorSchemaRoot batch = reader.getVectorSchemaRoot();
          rows += batch.getRowCount();
          batches.accept(batch);
        }
      }
      // filled only once the reader was read to the end
      scanner.getStats().ifPresent(stats);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new BenchmarkException("scan of " + dataset.uri() + " failed", e);
    }
    return rows;
  }
}
