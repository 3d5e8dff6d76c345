package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.basic.BasicDataset;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.lance.Dataset;
import org.lance.Session;
import org.lance.ipc.ScanOptions;

/**
 * Benchmark classes that the extension's tests run through EngineTestKit. Tagged "fixture" and
 * nested, so neither {@code mvn test} nor {@code mvn test -Dbench} runs them by themselves.
 */
final class BenchFixtures {
  private BenchFixtures() {}

  /** The scan the Lance-stats fixture measures; the test runs it again on its own. */
  static ScanOptions integersScan() {
    return new ScanOptions.Builder()
        .columns(List.of(BasicDataset.INTEGERS))
        .batchSize(4096)
        .build();
  }

  /** A benchmark that waits without CPU, as a stalled native call does. */
  @Tag("fixture")
  static class StallingTestCase {
    @Test
    @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 1)
    void waits(Bench bench) {
      bench.run(
          () -> {
            Thread.sleep(4_000);
            return 1;
          });
    }
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

  /** A take of three rows: Lance's scan statistics count nothing for it, the files do. */
  @Tag("fixture")
  static class TakeTestCase {
    @Test
    @IoMemoryBenchmark(warmup = 1, rounds = 2, iterations = 3)
    void takeRows(Bench bench) {
      DatasetHandle basic = bench.dataset(BasicDataset.NAME);
      long rows =
          bench.run(
              basic,
              dataset -> {
                long taken = 0;
                try (ArrowReader reader =
                    dataset.take(List.of(1L, 500L, 900L), List.of(BasicDataset.INTEGERS))) {
                  while (reader.loadNextBatch()) {
                    taken += reader.getVectorSchemaRoot().getRowCount();
                  }
                }
                return taken;
              });
      assertThat(rows).isEqualTo(3);
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

  /**
   * @IoMemoryBenchmark used as a meta-annotation.
   */
  @Target(ElementType.METHOD)
  @Retention(RetentionPolicy.RUNTIME)
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

  /** The same trivial workload with and without a slow, IO-heavy, allocating setup. */
  @Tag("fixture")
  static class SetupTestCase {
    static Path file;
    static final long SETUP_SLEEP_MS = 30;
    static final int SETUP_ALLOCATION = 8 << 20;
    static final AtomicInteger SETUPS = new AtomicInteger();

    static int workload() {
      int[] work = new int[16];
      for (int i = 0; i < work.length; i++) {
        work[i] = i * i;
      }
      return work[work.length - 1];
    }

    @Test
    @IoMemoryBenchmark(warmup = 1, rounds = 2, iterations = 3)
    void withSetup(Bench bench) {
      int result =
          bench.run(
              () -> {
                SETUPS.incrementAndGet();
                Thread.sleep(SETUP_SLEEP_MS);
                byte[] read = Files.readAllBytes(file);
                byte[] kept = new byte[SETUP_ALLOCATION];
                kept[0] = read[0];
                return kept;
              },
              kept -> workload());
      assertThat(result).isEqualTo(225);
    }

    @Test
    @IoMemoryBenchmark(warmup = 1, rounds = 2, iterations = 3)
    void withoutSetup(Bench bench) {
      assertThat(bench.run(SetupTestCase::workload)).isEqualTo(225);
    }
  }

  /**
   * A scan of basic in both cache states. Each invocation records, while its dataset is open, which
   * dataset object it got and whether its Lance session is the one of another open of the same
   * dataset (held open by the benchmark) or its own.
   */
  @Tag("fixture")
  static class CacheTestCase {
    record Seen(int dataset, boolean sharesSessionWithOtherOpen, boolean sessionIsStable) {}

    static final Map<Cache, List<Seen>> SEEN = new EnumMap<>(Cache.class);

    @ParameterizedTest(name = "{0}")
    @EnumSource(Cache.class)
    @IoMemoryBenchmark(warmup = 1, rounds = 1, iterations = 3)
    void scan(Cache cache, Bench bench) {
      DatasetHandle basic = bench.dataset(BasicDataset.NAME);
      List<Seen> seen = new ArrayList<>();
      SEEN.put(cache, seen);
      try (Dataset other = basic.open(bench.allocator())) {
        long rows =
            bench.run(
                basic,
                cache,
                dataset -> {
                  // a dataset's session() is a view of the dataset's own session: closing it
                  // would close that, so these are left to the datasets that own them
                  Session mine = dataset.session();
                  seen.add(
                      new Seen(
                          System.identityHashCode(dataset),
                          mine.isSameAs(other.session()),
                          mine.isSameAs(dataset.session())));
                  return bench.scan(dataset, integersScan());
                });
        assertThat(rows).isEqualTo(basic.rows());
      }
    }

    /** Reads no data: what a cold invocation reads is its open's (the manifest, from storage). */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Cache.class)
    @IoMemoryBenchmark(warmup = 1, rounds = 1, iterations = 3)
    void open(Cache cache, Bench bench) {
      DatasetHandle basic = bench.dataset(BasicDataset.NAME);
      if (cache == Cache.no_cache) {
        bench.warmup(0);
      }
      long version = bench.run(basic, cache, Dataset::version);
      assertThat(version).isPositive();
    }
  }

  /** Short invocations that a minimum time must extend. */
  @Tag("fixture")
  static class MinTimeTestCase {
    @Test
    @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 2, minTime = "60ms")
    void fromTheAnnotation(Bench bench) {
      bench.run(
          () -> {
            Thread.sleep(3);
            return 1;
          });
    }

    @Test
    @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 2)
    void fromTheSetting(Bench bench) {
      bench.run(
          () -> {
            Thread.sleep(3);
            return 1;
          });
    }
  }

  /** Two benchmarks that record when they run, for the parallel-execution test. */
  @Tag("fixture")
  static class OverlapTestCase {
    static final List<long[]> SPANS = Collections.synchronizedList(new ArrayList<>());

    static int span() throws InterruptedException {
      long start = System.nanoTime();
      Thread.sleep(150);
      SPANS.add(new long[] {start, System.nanoTime()});
      return 1;
    }

    @Test
    @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 1)
    void first(Bench bench) {
      bench.run(OverlapTestCase::span);
    }

    @Test
    @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 1)
    void second(Bench bench) {
      bench.run(OverlapTestCase::span);
    }

    @Test
    @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 1)
    void third(Bench bench) {
      bench.run(OverlapTestCase::span);
    }
  }

  /** A scan measured for at least half a second: enough samples for a profile at any interval. */
  @Tag("fixture")
  static class ProfiledScanTestCase {
    @Test
    @IoMemoryBenchmark(warmup = 1, rounds = 1, iterations = 1, minTime = "500ms")
    void integersColumn(Bench bench) {
      DatasetHandle basic = bench.dataset(BasicDataset.NAME);
      long rows = bench.run(basic, dataset -> bench.scan(dataset, integersScan()));
      assertThat(rows).isEqualTo(basic.rows());
    }
  }

  /** Dies inside its measurement, as a lance-core panic aborts the JVM. */
  @Tag("fixture")
  static class HaltingTestCase {
    @Test
    @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 1)
    void halts(Bench bench) {
      bench.run(
          () -> {
            System.err.println("simulated native crash: the JVM halts now");
            System.err.flush();
            Runtime.getRuntime().halt(134);
            return 1;
          });
    }
  }

  /** One benchmark that finishes, then one that waits until the JVM is stopped. */
  @Tag("fixture")
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class InterruptedTestCase {
    @Test
    @Order(1)
    @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 1)
    void finishes(Bench bench) {
      bench.run(() -> 1);
    }

    @Test
    @Order(2)
    @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 1)
    void waitsToBeStopped(Bench bench) {
      bench.run(
          () -> {
            Thread.sleep(120_000);
            return 1;
          });
    }
  }

  /**
   * Benchmarks whose cost a test sets before running them, so two runs can be compared: a busy wait
   * of a known length (the "deliberate slowdown") and a write of a known number of bytes.
   */
  @Tag("fixture")
  static class ComparedTestCase {
    static volatile long spinNanos = 1_000_000;
    static volatile int writeBytes = 64 << 10;
    static Path file;

    static long spin(long nanos) {
      long end = System.nanoTime() + nanos;
      long spins = 0;
      while (System.nanoTime() < end) {
        spins++;
      }
      return spins;
    }

    @Test
    @IoMemoryBenchmark(warmup = 2, rounds = 15)
    void spins(Bench bench) {
      long spins = bench.run(() -> spin(spinNanos));
      assertThat(spins).isPositive();
    }

    @Test
    @IoMemoryBenchmark(warmup = 1, rounds = 3)
    void writes(Bench bench) {
      byte[] payload = new byte[writeBytes];
      long size =
          bench.run(
              () -> {
                try (OutputStream out = Files.newOutputStream(file)) {
                  out.write(payload);
                }
                return Files.size(file);
              });
      assertThat(size).isEqualTo(writeBytes);
    }

    @Test
    @IoMemoryBenchmark(warmup = 0, rounds = 1)
    void once(Bench bench) {
      assertThat(bench.run(() -> spin(spinNanos))).isPositive();
    }
  }
}
