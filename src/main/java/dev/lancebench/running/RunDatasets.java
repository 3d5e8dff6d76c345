package dev.lancebench.running;

import dev.lancebench.catalog.DatasetCatalog;
import dev.lancebench.datasets.BucketDatasets;
import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.DatasetLocation;
import dev.lancebench.datasets.GoogleCloud;
import dev.lancebench.settings.Settings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.lance.Dataset;

/**
 * The datasets of a run: where they live is decided on the first benchmark that asks (a run of
 * in-process benchmarks never resolves a location), then every dataset is generated or checked once
 * and handed out through the catalog.
 */
final class RunDatasets implements AutoCloseable {
  private final RunConfig config;
  private final PrintStream console;
  private final BufferAllocator allocator;
  private final Function<String, Optional<String>> knownUnreachable;
  private final BiConsumer<String, String> foundUnreachable;
  private DatasetCatalog catalog;
  private final Set<String> askedForSinceLastCase = new LinkedHashSet<>();
  private double generatingSinceLastCase;

  /**
   * @param knownUnreachable what an earlier JVM of the run found of a location base it could not
   *     reach, by base
   * @param foundUnreachable told when this JVM finds its location unreachable (base, message)
   */
  RunDatasets(
      RunConfig config,
      PrintStream console,
      BufferAllocator allocator,
      Function<String, Optional<String>> knownUnreachable,
      BiConsumer<String, String> foundUnreachable) {
    this.config = config;
    this.console = console;
    this.allocator = allocator;
    this.knownUnreachable = knownUnreachable;
    this.foundUnreachable = foundUnreachable;
  }

  private synchronized DatasetCatalog catalog() {
    if (catalog == null) {
      Settings settings = config.settings();
      DatasetLocation location =
          DatasetLocation.resolve(
              settings.get(Settings.DATA),
              GoogleCloud.of(settings.get(Settings.GCP_DMI), settings.get(Settings.GCP_METADATA)));
      BucketDatasets bucket =
          BucketDatasets.appliesTo(location.base(), config.storage())
              ? BucketDatasets.withRunCredentials(location.base(), config.storage())
              : null;
      catalog =
          new DatasetCatalog(
              location, config.registry(), settings, config.storage(), console, bucket);
      // decided once per run: a location one JVM could not reach is not tried by the next
      catalog.unreachableAcrossTheRun(knownUnreachable.apply(location.base()), foundUnreachable);
    }
    return catalog;
  }

  synchronized DatasetHandle require(String name) {
    return asking(name, () -> catalog().require(name, allocator));
  }

  synchronized Dataset inMemory(String name) {
    return asking(name, () -> catalog().inMemory(name));
  }

  /** Notes that the current case asked for {@code name}, and what generating it cost the case. */
  private <T> T asking(String name, Supplier<T> ask) {
    askedForSinceLastCase.add(name);
    boolean first = !catalog().isReady(name);
    T answer = ask.get();
    if (first) {
      generatingSinceLastCase += catalog().generatedSeconds(name).orElse(0.0);
    }
    return answer;
  }

  synchronized Optional<DatasetHandle> existing(String name) {
    askedForSinceLastCase.add(name);
    return catalog().existing(name, allocator);
  }

  /**
   * The datasets asked for since the last call, and the seconds spent generating them: those of the
   * case that just finished (a shard that runs it needs them; the durations file records them).
   */
  synchronized CaseDatasets takeAskedFor() {
    CaseDatasets asked =
        new CaseDatasets(new ArrayList<>(askedForSinceLastCase), generatingSinceLastCase);
    askedForSinceLastCase.clear();
    generatingSinceLastCase = 0;
    return asked;
  }

  /** The datasets one case asked for, and the seconds it spent generating them. */
  record CaseDatasets(List<String> names, double generatingSeconds) {}

  /** The dataset's lock, held while a benchmark writes to it; waits while another run does. */
  AutoCloseable writing(DatasetHandle handle) {
    return catalog().writing(handle);
  }

  synchronized String locationBase() {
    return catalog().location().base();
  }

  synchronized String uriOf(String name) {
    return catalog().location().uriOf(name);
  }

  /** Whether any benchmark asked for a dataset (and so a location was decided). */
  synchronized boolean resolved() {
    return catalog != null;
  }

  /** The datasets used so far, with their facts; only once {@link #resolved}. */
  synchronized Map<String, Map<String, Object>> used() {
    return catalog.used();
  }

  synchronized DatasetLocation location() {
    return catalog.location();
  }

  @Override
  public synchronized void close() {
    if (catalog != null) {
      catalog.close();
    }
  }
}
