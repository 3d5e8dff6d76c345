package dev.lancebench.running;

import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.measuring.BenchmarkResult;
import dev.lancebench.measuring.Measure;
import dev.lancebench.measuring.MeasureSummary;
import dev.lancebench.measuring.MetricSource;
import dev.lancebench.measuring.MetricSources;
import dev.lancebench.measuring.Readings;
import dev.lancebench.measuring.ScanStatsRecorder;
import dev.lancebench.measuring.TimingStatistics;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.lance.Dataset;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The handle a benchmark method gets: {@code run(...)} measures a workload, {@code scan(...)} runs a
 * Lance scan whose stats are recorded, {@code dataset(name)} makes sure a dataset is there.
 *
 * <p>One {@code run} per test invocation; its name is {@code ClassName.method[param-ids]}.
 */
public final class Bench implements AutoCloseable {
  private static final String BLACKHOLE_CHALLENGE =
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.";

  private final RunSession session;
  private BenchSettings settings;
  private final BufferAllocator allocator;
  private final ScanStatsRecorder scanStats = new ScanStatsRecorder();
  private final Blackhole blackhole = new Blackhole(BLACKHOLE_CHALLENGE);
  private String name;
  private boolean ran;
  private List<Long> samples = List.of();

  Bench(RunSession session, BenchSettings settings, String name) {
    this.session = session;
    this.settings = settings;
    this.name = name;
    this.allocator = session.allocator().newChildAllocator(name, 0, Long.MAX_VALUE);
  }

  void rename(String name) {
    this.name = name;
  }

  boolean ran() {
    return ran;
  }

  /** The stable benchmark name: the key in bmf.json, results.json and baselines. */
  public String name() {
    return name;
  }

  public BenchSettings settings() {
    return settings;
  }

  /** An Arrow allocator for this benchmark; closed (and checked for leaks) after the test. */
  public BufferAllocator allocator() {
    return allocator;
  }

  /** The dataset {@code name} ("basic"), generated first if it is missing. Not measured. */
  public DatasetHandle dataset(String name) {
    return session.dataset(name);
  }

  /**
   * A dataset this suite cannot generate (e.g. {@code image_eda}, only in the Google Cloud bucket),
   * when it exists at the dataset location; empty otherwise, so the benchmark can skip with a
   * reason.
   */
  public java.util.Optional<DatasetHandle> existingDataset(String name) {
    return session.existingDataset(name);
  }

  /** Where a dataset named {@code name} is (or would be): for skip messages. */
  public String datasetUri(String name) {
    return session.datasetUri(name);
  }

  /**
   * The run's random seed ({@code -Dbench.seed}, else drawn at random); printed once and recorded
   * in results.json, so a run's random choices can be repeated.
   */
  public long seed() {
    return session.seed();
  }

  /**
   * Changes the measured invocations per round for this benchmark, before {@code run}: for a
   * parameterized benchmark whose cases need different counts.
   */
  public Bench iterations(int iterations) {
    if (ran) {
      throw new IllegalStateException("bench.iterations(...) in " + name + " comes after bench.run");
    }
    if (iterations < 1) {
      throw new IllegalArgumentException(
          "bench.iterations(" + iterations + ") in " + name + ": must be at least 1");
    }
    settings = new BenchSettings(settings.warmup(), settings.rounds(), iterations);
    return this;
  }

  /** Opens the dataset (unmeasured), then measures {@code workload} on it. */
  public <R> R run(DatasetHandle dataset, DatasetWorkload<R> workload) {
    try (Dataset opened = dataset.open(allocator)) {
      return run(opened, workload);
    }
  }

  /** Measures {@code workload} on an open dataset. Returns the last measured invocation's result. */
  public <R> R run(Dataset dataset, DatasetWorkload<R> workload) {
    return measure(() -> workload.run(dataset));
  }

  /** Measures {@code workload}. Returns the last measured invocation's result. */
  public <R> R run(Workload<R> workload) {
    return measure(workload);
  }

  /**
   * Runs a Lance scan to the end and returns its row count. The scan collects Lance's stats, which
   * count toward read_iops and read_bytes when it runs inside a measured round.
   */
  public long scan(Dataset dataset, ScanOptions options) {
    ScanOptions withStats = new ScanOptions.Builder(options).collectStats(true).build();
    long rows = 0;
    try (LanceScanner scanner = dataset.newScan(withStats)) {
      try (ArrowReader reader = scanner.scanBatches()) {
        while (reader.loadNextBatch()) {
          VectorSchemaRoot batch = reader.getVectorSchemaRoot();
          rows += batch.getRowCount();
          blackhole.consume(batch);
        }
      }
      // filled only once the reader was read to the end
      scanner.getStats().ifPresent(scanStats::record);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new BenchmarkException("scan of " + dataset.uri() + " failed", e);
    }
    return rows;
  }

  private <R> R measure(Workload<R> workload) {
    if (ran) {
      throw new IllegalStateException(
          "bench.run was already called in "
              + name
              + ": one measured run per benchmark invocation. Split the measurements into "
              + "separate test methods or parameters.");
    }
    ran = true;
    List<MetricSource> sources =
        MetricSources.standard(scanStats, session.tracker(), session.whyNoTracker());
    Map<String, String> unavailable = new LinkedHashMap<>();
    List<MetricSource> active = new ArrayList<>();
    for (MetricSource source : sources) {
      source
          .unavailableReason()
          .ifPresentOrElse(
              reason -> {
                unavailable.put(source.id(), reason);
                session.note(reason);
              },
              () -> active.add(source));
    }
    int rounds = settings.rounds();
    int iterations = settings.iterations();
    List<Long> samples = new ArrayList<>(rounds * iterations);
    this.samples = samples;
    Map<Measure, List<Double>> perRound = new EnumMap<>(Measure.class);
    Map<String, List<Double>> detailsPerRound = new LinkedHashMap<>();
    try {
      for (int i = 0; i < settings.warmup(); i++) {
        blackhole.consume(workload.run());
      }
      R last = null;
      for (int round = 0; round < rounds; round++) {
        for (MetricSource source : active) {
          source.before();
        }
        for (int i = 0; i < iterations; i++) {
          for (MetricSource source : active) {
            source.beforeInvocation();
          }
          long start = System.nanoTime();
          R result = workload.run();
          long end = System.nanoTime();
          for (int s = active.size() - 1; s >= 0; s--) {
            active.get(s).afterInvocation();
          }
          blackhole.consume(result);
          samples.add(end - start);
          last = result;
        }
        Readings readings = new Readings();
        for (int s = active.size() - 1; s >= 0; s--) {
          active.get(s).after(readings);
        }
        readings
            .measures()
            .forEach(
                (m, v) ->
                    perRound
                        .computeIfAbsent(m, k -> new ArrayList<>())
                        .add(m.kind() == Measure.Kind.HIGH_WATER ? v : (double) v / iterations));
        readings
            .details()
            .forEach(
                (k, v) ->
                    detailsPerRound
                        .computeIfAbsent(k, x -> new ArrayList<>())
                        .add((double) v / iterations));
      }
      Map<Measure, MeasureSummary> measures = new EnumMap<>(Measure.class);
      perRound.forEach(
          (m, values) -> {
            // a measure seen in some rounds only is not comparable: keep it when every round had it
            if (values.size() == rounds) {
              measures.put(m, MeasureSummary.of(values));
            }
          });
      Map<String, MeasureSummary> details = new LinkedHashMap<>();
      detailsPerRound.forEach(
          (k, values) -> {
            if (values.size() == rounds) {
              details.put(k, MeasureSummary.of(values));
            }
          });
      session.record(
          new BenchmarkResult(
              name,
              BenchmarkResult.Status.PASSED,
              null,
              settings.warmup(),
              rounds,
              iterations,
              List.copyOf(samples),
              TimingStatistics.of(samples),
              measures,
              details,
              unavailable,
              Map.of()));
      return last;
    } catch (Exception | Error e) {
      if (!session.has(name)) {
        session.record(
            BenchmarkResult.unmeasured(
                name,
                BenchmarkResult.Status.FAILED,
                settings.warmup(),
                rounds,
                iterations,
                describe(e)));
      }
      if (e instanceof RuntimeException) {
        throw (RuntimeException) e;
      }
      if (e instanceof Error) {
        throw (Error) e;
      }
      throw new BenchmarkException("workload of " + name + " failed", e);
    } finally {
      for (MetricSource source : sources) {
        source.close();
      }
    }
  }

  /**
   * The measured invocations' wall times, in order, after {@code run} (empty before). A benchmark
   * that alternates two variants between invocations can compare them from these.
   */
  public List<Long> samplesNanos() {
    return List.copyOf(samples);
  }

  /**
   * Adds a number the benchmark derived from its own measurement (e.g. an A/B ratio). It goes to
   * bmf.json as a measure of this benchmark, to results.json and under the table. Call after run.
   */
  public void extra(String key, double value) {
    if (!ran) {
      throw new IllegalStateException(
          "bench.extra(\"" + key + "\") in " + name + " needs a measurement: call bench.run first");
    }
    session.extra(name, key, value);
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getName() + (message == null ? "" : ": " + message.strip());
  }

  @Override
  public void close() {
    allocator.close();
  }
}
