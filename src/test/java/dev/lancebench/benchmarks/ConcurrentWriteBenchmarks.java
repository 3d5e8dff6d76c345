package dev.lancebench.benchmarks;

import static dev.lancebench.benchmarks.ConcurrentWriters.ROWS_PER_CHANGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.benchmarks.ConcurrentWriters.Kind;
import dev.lancebench.benchmarks.ConcurrentWriters.Outcome;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.running.Bench;
import dev.lancebench.running.IoMemoryBenchmark;
import dev.lancebench.settings.Setting;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lance.Dataset;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Concurrent writers, ported from upstream's concurrency benchmark: appenders, deleters and
 * updaters on one dataset of {@value #INITIAL_ROWS} rows (more when the writers change more), all
 * started together. Each appender commits 10 appends of {@value ConcurrentWriters#ROWS_PER_APPEND}
 * rows; each deleter 5 deletes of {@value ConcurrentWriters#ROWS_PER_CHANGE} rows; each updater 5
 * conditional updates of {@value ConcurrentWriters#ROWS_PER_CHANGE} rows through {@code
 * mergeInsert} (lance-core 7.0.0 has no {@code update}). The 10 and 5 are upstream's; {@code
 * bench.concurrent_writes.appends} (else 10 × {@code bench.scale}, at least 2) sets the appends,
 * the deletes and updates being half of them. A fresh dataset before every invocation (untimed); no
 * warmup, one round, as upstream's.
 *
 * <p>Measured: the latency of the whole, operations per second, p50/p90/p99 of each kind of
 * operation (milliseconds, over all measured rounds) and the commit conflicts retried that can be
 * seen from Java: a conflict Lance reported and the writer retried, plus the extra attempts {@code
 * mergeInsert} reports. (Lance retries an append's or a delete's commit inside, and lance-core
 * 7.0.0 does not say how often: that waiting shows in the latencies only.) The check: the final
 * rows and versions are what the operations imply, and exactly the updated rows carry their new
 * value.
 */
class ConcurrentWriteBenchmarks {
  static final int INITIAL_ROWS = 10_000;

  /**
   * Appends each writer commits (deleters and updaters make half as many changes); 10 × {@code
   * bench.scale} (at least 2) when not given.
   */
  static final Setting<BigDecimal> CONCURRENT_APPENDS =
      Setting.positive("bench.concurrent_writes.appends");

  /** Appends per appender: 10 at full size. */
  static int appends(Bench bench) {
    return (int) bench.runSettings().sizeOr(CONCURRENT_APPENDS, 10, 2);
  }

  @ParameterizedTest(name = "{0}-{1}-{2}")
  @CsvSource({"20, 10, 10", "30, 15, 15", "30, 0, 0"})
  @IoMemoryBenchmark(warmup = 0, rounds = 1, iterations = 1)
  void concurrentWriters(int appenders, int deleters, int updaters, Bench bench) throws Exception {
    int appends = appends(bench);
    int operations = Math.max(1, appends / 2);
    long changed = (long) Math.max(deleters, updaters) * operations * ROWS_PER_CHANGE;
    ConcurrentWriters writers =
        new ConcurrentWriters(
            bench.scratchFolder().resolve("concurrent.lance"),
            bench.allocator(),
            appenders,
            deleters,
            updaters,
            appends,
            operations,
            Math.max(INITIAL_ROWS, 2 * changed));
    List<Outcome> outcomes = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(writers.threads());
    try {
      bench.run(
          writers::fresh,
          startVersion -> {
            Outcome outcome = writers.runAll(pool, startVersion);
            outcomes.add(outcome);
            return outcome;
          });
    } finally {
      pool.shutdownNow();
    }

    // the last invocation's dataset: what the operations imply
    Outcome last = outcomes.get(outcomes.size() - 1);
    try (Dataset dataset =
        LanceDatasets.open(writers.uri().toString(), Map.of(), bench.allocator())) {
      assertThat(dataset.countRows())
          .as("rows after the writers")
          .isEqualTo(writers.initialRows() + writers.appended() - writers.deleted());
      assertThat(dataset.version() - last.startVersion)
          .as("versions the writers committed")
          .isEqualTo(writers.commits());
      assertThat(dataset.countRows("value = id + 1"))
          .as("rows with their updated value")
          .isEqualTo(writers.updated());
    }
    assertThat(last.updated.get())
        .as("rows mergeInsert counted as updated")
        .isEqualTo(writers.updated());

    long medianNanos =
        bench.samplesNanos().stream().sorted().toList().get(bench.samplesNanos().size() / 2);
    bench.extra("operations_per_second", writers.commits() / (medianNanos / 1e9));
    bench.extra(
        "conflicts_retried",
        outcomes.stream().mapToLong(o -> o.conflicts.get()).sum() / (double) outcomes.size());
    for (Kind kind : Kind.values()) {
      ListStatistics millis = new ListStatistics();
      outcomes.forEach(o -> o.nanos.get(kind).forEach(nanos -> millis.addValue(nanos / 1e6)));
      if (millis.getN() == 0) {
        continue;
      }
      for (int percentile : List.of(50, 90, 99)) {
        bench.extra(kind + "_p" + percentile + "_ms", millis.getPercentile(percentile));
      }
    }
  }
}
