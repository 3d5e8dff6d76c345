package dev.lancebench.running;

import dev.lancebench.measuring.Invocation;
import dev.lancebench.measuring.MachineLoadProbe;
import dev.lancebench.measuring.Measured;
import dev.lancebench.measuring.Measurement;
import dev.lancebench.measuring.MeasurementSettings;
import dev.lancebench.measuring.MetricSource;
import dev.lancebench.measuring.Profiler;
import dev.lancebench.measuring.ScanStatsRecorder;
import dev.lancebench.measuring.Setup;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.lance.Dataset;
import org.lance.ipc.ScanOptions;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The measuring engine assembled for one benchmark of a run: the run's metric sources, the
 * benchmark's scan stats, a Blackhole, and the profiler's window when the run is profiled.
 */
final class BenchMeasurement {
  private static final String BLACKHOLE_CHALLENGE =
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.";

  /** What one measurement gave: the measured numbers and the last invocation's result. */
  record Ran<R>(Measured measured, R last) {}

  private final RunSession session;
  private final ScanStatsRecorder scanStats = new ScanStatsRecorder();
  private final Blackhole blackhole = new Blackhole(BLACKHOLE_CHALLENGE);

  /**
   * How busy the machine is, watched from the moment the benchmark's handle is made (its test
   * method starts): a search of a few milliseconds has a measured window too short to judge, its
   * whole case rarely is.
   */
  private final Optional<MachineLoadProbe.Window> load;

  BenchMeasurement(RunSession session) {
    this.session = session;
    this.load = session.instruments().machineLoad().map(MachineLoadProbe::start);
  }

  /** Reads a Lance scan to the end, its stats counted toward this benchmark's measures. */
  long scan(Dataset dataset, ScanOptions options) {
    return LanceScans.scan(dataset, options, scanStats::record, blackhole::consume);
  }

  /** Where the profile of benchmark {@code name} goes, when the run is profiled. */
  Optional<Path> profile(String name) {
    return session
        .instruments()
        .profiler()
        .map(
            p ->
                Profiler.outputFor(
                    session.config().outputDir().resolve("profiles"), name, p.plan()));
  }

  <S, R> Ran<R> measure(
      String name, MeasurementSettings settings, Setup<S> setup, Invocation<S, R> workload)
      throws Exception {
    Instruments instruments = session.instruments();
    instruments.primeBeforeMeasuring();
    List<MetricSource> sources = instruments.sources(scanStats);
    Measurement<R> measurement =
        new Measurement<>(settings, sources, blackhole::consume, System::nanoTime);
    load.ifPresent(measurement::machineLoad);
    if (session.config().injectedSlowdown() > 0) {
      measurement.injectSlowdown(session.config().injectedSlowdown());
    }
    Optional<Profiler> profiler = instruments.profiler();
    if (profiler.isPresent()) {
      measurement.window(
          profiler
              .get()
              .window(
                  profile(name).orElseThrow(),
                  name + " (" + profiler.get().plan().description() + ")"));
    }
    try {
      Measured measured = measurement.run(setup, workload);
      return new Ran<>(measured, measurement.lastResult());
    } finally {
      for (MetricSource source : sources) {
        source.close();
      }
    }
  }
}
