package dev.lancebench.running;

import dev.lancebench.datasets.LocalFiles;
import dev.lancebench.measuring.MachineLoadProbe;
import dev.lancebench.measuring.MetricSource;
import dev.lancebench.measuring.MetricSources;
import dev.lancebench.measuring.NativeAllocationTracker;
import dev.lancebench.measuring.Profiler;
import dev.lancebench.measuring.ScanStatsRecorder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a run measures with beyond the clock: the preloaded allocation tracker (and, through it, the
 * file-IO watch on the local dataset folder), the profiler, the JVM primer, and the metric sources
 * each benchmark reads. Decided once per JVM, at the run's start.
 */
final class Instruments {
  private final RunConfig config;
  private final PrintStream console;
  private final Optional<NativeAllocationTracker> tracker;
  private final String whyNoTracker;
  private final Optional<Profiler> profiler;
  private final Supplier<String> datasetLocation;
  private final Optional<MachineLoadProbe> machineLoad = MachineLoadProbe.here();
  private boolean filesWatched;

  /**
   * @param note where the profiler's notes go (the run's notes)
   * @param datasetLocation the run's dataset location, resolved when the file-IO watch first asks
   */
  Instruments(
      RunConfig config,
      PrintStream console,
      Consumer<String> note,
      Supplier<String> datasetLocation) {
    this.config = config;
    this.console = console;
    this.datasetLocation = datasetLocation;
    this.tracker = NativeAllocationTracker.inProcess();
    this.whyNoTracker =
        tracker.isPresent()
            ? null
            : NativeAllocationTracker.whyUnavailable(
                System.getenv(),
                Optional.ofNullable(System.getProperty(NativeAllocationTracker.LIBRARY_PROPERTY)));
    this.profiler = config.profile().flatMap(plan -> loadProfiler(plan, note));
  }

  /**
   * The profiler, or empty with a note. nativemem and the allocation tracker both intercept malloc:
   * rather than two tools measuring each other, the combination is refused.
   */
  private Optional<Profiler> loadProfiler(Profiler.Plan plan, Consumer<String> note) {
    if (plan.records("nativemem") && tracker.isPresent()) {
      throw new IllegalStateException(
          "Configuration error: bench.profile=nativemem and -Dbench.memtrack both intercept malloc, "
              + "and would count each other. Drop -Dbench.memtrack for the flame graph of where native "
              + "memory goes, or drop nativemem from bench.profile for the tracker's numbers.");
    }
    try {
      Profiler loaded = Profiler.load(plan);
      note.accept(
          "Profiled run ("
              + plan.description()
              + "): the profiler's cost is in every timing; "
              + (config.profiledInBmf()
                  ? "results kept in bmf.json as -Dbench.profile.bmf asks"
                  : "bmf.json holds no results (-Dbench.profile.bmf=true keeps them)"));
      return Optional.of(loaded);
    } catch (Profiler.UnavailableException e) {
      note.accept(e.getMessage());
      return Optional.empty();
    }
  }

  Optional<Profiler> profiler() {
    return profiler;
  }

  /** How busy the machine is around each benchmark; empty where /proc/stat cannot be read. */
  Optional<MachineLoadProbe> machineLoad() {
    return machineLoad;
  }

  /** The metric sources of one benchmark, in snapshot order; closing them is the caller's. */
  List<MetricSource> sources(ScanStatsRecorder scans) {
    return MetricSources.standard(scans, tracker, whyNoTracker, this::whyNoFileIo);
  }

  /** Warms the JVM's Lance paths once per process, before the first measurement (bench.prime). */
  void primeBeforeMeasuring() {
    if (config.prime()) {
      JvmPrimer.primeOnce(console);
    }
  }

  /**
   * Why the file IO of this run's datasets cannot be counted, or empty when it is (the tracker is
   * then watching the local dataset folder). Resolves the dataset location on first use.
   */
  synchronized Optional<String> whyNoFileIo() {
    String prefix = "File IO not counted: ";
    if (tracker.isEmpty()) {
      return Optional.of(
          prefix + "the preloaded tracker is not loaded (run with -Dbench.memtrack)");
    }
    String base;
    try {
      base = datasetLocation.get();
    } catch (RuntimeException e) {
      return Optional.of(
          prefix + "the dataset location could not be resolved (" + e.getMessage() + ")");
    }
    Optional<Path> folder = LocalFiles.localPath(base).map(p -> p.toAbsolutePath().normalize());
    if (folder.isEmpty()) {
      return Optional.of(
          prefix
              + "the datasets are at "
              + base
              + ", not in a local folder"
              + (base.startsWith("file+uring:")
                  ? " read with read calls (io_uring bypasses them)"
                  : "")
              + "; the file columns count calls on local files");
    }
    if (!filesWatched) {
      tracker.get().watchFiles(folder.get());
      filesWatched = true;
    }
    return Optional.empty();
  }
}
