package dev.lancebench.running;

import dev.lancebench.datasets.DatasetDefinition;
import dev.lancebench.catalog.DatasetRegistry;
import dev.lancebench.datasets.StorageOptions;
import dev.lancebench.measuring.Profiler;
import dev.lancebench.settings.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The run-wide configuration, read once from the {@link Settings} when the run's first benchmark
 * starts, and cached with the run. Settings that decide what is generated or measured are checked
 * here, so a bad value fails the run's benchmarks with a message naming it rather than generating
 * the wrong data.
 */
public record RunConfig(
    Settings settings,
    DatasetRegistry registry,
    Path outputDir,
    Path bmfFile,
    Path resultsFile,
    Optional<Long> seed,
    Duration minTime,
    boolean prime,
    Map<String, String> storage,
    boolean printTable,
    Optional<Profiler.Plan> profile,
    boolean profiledInBmf,
    String runId) {

  static RunConfig from(Settings settings, DatasetRegistry registry) {
    Path out = settings.outputDir();
    for (DatasetDefinition definition : registry.definitions().values()) {
      definition.spec(settings); // a malformed or empty size fails here, before any data is made
    }
    return new RunConfig(
        settings,
        registry,
        out,
        settings.get(Settings.BMF).map(Path::of).orElse(out.resolve("bmf.json")),
        settings.get(Settings.RESULTS).map(Path::of).orElse(out.resolve("results.json")),
        settings.get(Settings.SEED),
        settings.get(Settings.MIN_TIME, Duration.ZERO),
        settings.isOn(Settings.PRIME, true),
        StorageOptions.load(settings),
        settings.isOn(Settings.TABLE, true),
        settings.get(Settings.PROFILE),
        settings.isOn(Settings.PROFILE_BMF, false),
        settings.get(Settings.RUN_ID).filter(id -> !id.isBlank())
            .orElseGet(() -> java.util.UUID.randomUUID().toString()));
  }
}
