package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.running.IoMemoryBenchmark;
import dev.lancebench.datasets.basic.BasicDataset;
import dev.lancebench.datasets.DatasetHandle;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lance.ipc.ScanOptions;

/**
 * Benchmark classes that the extension's tests run through EngineTestKit. Tagged "fixture" and
 * nested, so neither {@code mvn test} nor {@code mvn test -Dbench} runs them by themselves.
 */
final class BenchFixtures {
  private BenchFixtures() {}

  /** The scan the Lance-stats fixture measures; the test runs it again on its own. */
  static ScanOptions integersScan() {
    return new ScanOptions.Builder().columns(List.of(BasicDataset.INTEGERS)).batchSize(4096).build();
  }

  @Tag("fixture")
  static class CountingTestCase {
    static final AtomicInteger INVOCATIONS = new AtomicInteger();

    @Test
    @IoMemoryBenchmark(warmup = 2, rounds = 3, iterations = 4)
    void counted(Bench bench) {
      int last = bench.run(INVOCATIONS::incrementAndGet);
      assertThat(last).isEqualTo(14);
    }
  }

  @Tag("fixture")
  static class LanceScanTestCase {
    @Test
    @IoMemoryBenchmark(warmup = 1, rounds = 2, iterations = 3)
    void integersColumn(Bench bench) {
      DatasetHandle basic = bench.dataset(BasicDataset.NAME);
      long rows = bench.run(basic, dataset -> bench.scan(dataset, integersScan()));
      assertThat(rows).isEqualTo(basic.rows());
    }

    @Test
    @IoMemoryBenchmark
    void noScan(Bench bench) {
      bench.run(() -> "nothing read through Lance");
    }
  }

  /** Reads and writes known amounts through the OS, so /proc/self/io must see them. */
  @Tag("fixture")
  static class OsIoTestCase {
    static Path file;
    static final int READ_BYTES = 1 << 20;
    static final int WRITE_BYTES = 512 << 10;

    @Test
    @IoMemoryBenchmark(warmup = 1, rounds = 1, iterations = 1)
    void readAndWrite(Bench bench) throws Exception {
      Path target = file.resolveSibling("written.bin");
      byte[] payload = new byte[WRITE_BYTES];
      long read =
          bench.run(
              () -> {
                long total = 0;
                byte[] buffer = new byte[64 << 10];
                try (InputStream in = Files.newInputStream(file)) {
                  for (int n; (n = in.read(buffer)) > 0; ) {
                    total += n;
                  }
                }
                try (OutputStream out = Files.newOutputStream(target)) {
                  out.write(payload);
                }
                return total;
              });
      assertThat(read).isEqualTo(READ_BYTES);
    }
  }

  /** Allocates a known 100 MB of byte[] on the Java heap, and keeps it alive to the end. */
  @Tag("fixture")
  static class JvmAllocationTestCase {
    static final int ARRAYS = 100;
    static final int ARRAY_BYTES = 1_000_000;
    static final long BYTES = (long) ARRAYS * ARRAY_BYTES;

    @Test
    @IoMemoryBenchmark(warmup = 1, rounds = 1, iterations = 1)
    void hundredMegabytes(Bench bench) {
      byte[][] kept =
          bench.run(
              () -> {
                byte[][] arrays = new byte[ARRAYS][];
                for (int i = 0; i < ARRAYS; i++) {
                  arrays[i] = new byte[ARRAY_BYTES];
                }
                return arrays;
              });
      assertThat(kept.length).isEqualTo(ARRAYS);
    }
  }

  @Tag("fixture")
  static class MixedOutcomesTestCase {
    @Test
    @IoMemoryBenchmark
    void passes(Bench bench) {
      bench.run(() -> 1);
    }

    @Test
    @IoMemoryBenchmark
    void workloadThrows(Bench bench) {
      bench.run(
          () -> {
            throw new IllegalStateException("boom in the workload");
          });
    }

    @Test
    @IoMemoryBenchmark
    void checkFailsAfterMeasuring(Bench bench) {
      int value = bench.run(() -> 1);
      assertThat(value).as("work done").isEqualTo(2);
    }
  }

  @Tag("fixture")
  static class ParameterizedTestCase {
    enum Payload {
      none,
      small_strings
    }

    @ParameterizedTest(name = "{0}-{1}")
    @CsvSource({"none, equal", "small_strings, not_equal"})
    @IoMemoryBenchmark
    void search(Payload payload, String filter, Bench bench) {
      bench.run(() -> payload.name() + filter);
    }
  }

  @Tag("fixture")
  static class MisconfiguredTestCase {
    @Test
    @IoMemoryBenchmark(rounds = 0)
    void zeroRounds(Bench bench) {
      bench.run(() -> 1);
    }

    @Test
    @IoMemoryBenchmark
    void noBenchParameter() {}

    @Test
    @IoMemoryBenchmark
    void neverRuns(Bench bench) {}

    @Test
    @IoMemoryBenchmark
    void runsTwice(Bench bench) {
      bench.run(() -> 1);
      bench.run(() -> 2);
    }
  }

  /** @IoMemoryBenchmark used as a meta-annotation. */
  @java.lang.annotation.Target(java.lang.annotation.ElementType.METHOD)
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @IoMemoryBenchmark(warmup = 0, rounds = 2, iterations = 5)
  @interface QuickBenchmark {}

  @Tag("fixture")
  static class MetaAnnotationTestCase {
    @Test
    @QuickBenchmark
    void quick(Bench bench) {
      bench.run(() -> 1);
    }
  }
}
