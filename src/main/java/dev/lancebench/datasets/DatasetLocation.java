package dev.lancebench.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where the datasets live: the folder (or bucket prefix) that holds {@code <name>.lance}. Decided
 * once per run, in this order: the {@code bench.data} setting, the {@code LANCE_BENCH_DATA}
 * environment variable, {@code gs://lance-benchmarks-ci-datasets/} when running on Google Cloud,
 * then {@code ~/lance-benchmarks-ci-datasets/} (created if missing).
 */
public record DatasetLocation(String base, String decidedBy) {
  public static final String PROPERTY = "bench.data";
  public static final String ENVIRONMENT = "LANCE_BENCH_DATA";
  public static final String DEFAULT_FOLDER = "lance-benchmarks-ci-datasets";

  /**
   * @param setting the {@code bench.data} configuration value, if any
   * @param environment the process environment (a parameter so tests can pass their own)
   */
  public static DatasetLocation resolve(
      Optional<String> setting, Function<String, String> environment) {
    return resolve(setting, environment, () -> new GoogleCloud.Decision(false, "not asked"));
  }

  /**
   * The full order: the setting, the environment variable, Google Cloud's bucket when running on
   * Google Cloud ({@code googleCloud} is asked only when neither is given), else the home folder.
   */
  public static DatasetLocation resolve(
      Optional<String> setting,
      Function<String, String> environment,
      Supplier<GoogleCloud.Decision> googleCloud) {
    Optional<String> fromSetting = setting.map(String::trim).filter(s -> !s.isEmpty());
    if (fromSetting.isPresent()) {
      return new DatasetLocation(prepare(fromSetting.get()), PROPERTY);
    }
    String fromEnv = environment.apply(ENVIRONMENT);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new DatasetLocation(prepare(fromEnv.trim()), ENVIRONMENT);
    }
    GoogleCloud.Decision decision = googleCloud.get();
    if (decision.onGoogleCloud()) {
      return new DatasetLocation(GoogleCloud.BUCKET, "Google Cloud (" + decision.why() + ")");
    }
    Path home = Path.of(System.getProperty("user.home"), DEFAULT_FOLDER);
    return new DatasetLocation(
        prepare(home.toString()),
        "the default, ~/" + DEFAULT_FOLDER + " (not on Google Cloud: " + decision.why() + ")");
  }

  public static DatasetLocation resolve(Optional<String> setting) {
    return resolve(setting, GoogleCloud.of(Optional.empty(), Optional.empty()));
  }

  public static DatasetLocation resolve(Optional<String> setting, GoogleCloud googleCloud) {
    Map<String, String> env = System.getenv();
    return resolve(setting, env::get, googleCloud::decide);
  }

  /** The URI of dataset {@code name}: {@code <base>/<name>.lance}. */
  public String uriOf(String name) {
    return base.endsWith("/") ? base + name + ".lance" : base + "/" + name + ".lance";
  }

  /** Local folders are made absolute and created, so Lance and the reports see one path. */
  private static String prepare(String base) {
    if (hasScheme(base)) {
      return base;
    }
    Path path = Path.of(base).toAbsolutePath().normalize();
    try {
      Files.createDirectories(path);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot create the dataset folder "
              + path
              + " ("
              + e.getMessage()
              + "). Set bench.data or "
              + ENVIRONMENT
              + " to a writable folder.",
          e);
    }
    return path.toString();
  }

  /** A URI with a scheme (gs://, s3://, file://...) rather than a plain path. */
  static boolean hasScheme(String base) {
    return base.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
  }
}
