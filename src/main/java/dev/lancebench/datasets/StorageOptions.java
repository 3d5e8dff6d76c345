package dev.lancebench.datasets;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import dev.lancebench.settings.Settings;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Lance storage options (credentials, endpoints, regions of an object store), passed through to
 * every open and write of the datasets. They are never printed.
 */
public final class StorageOptions {
  /** A properties file of options (KEY=VALUE lines). */
  public static final String FILE_SETTING = Settings.STORAGE_FILE.key();

  private StorageOptions() {}

  /** The run's storage options: the file named by the settings, then each one given alone. */
  public static Map<String, String> load(Settings settings) {
    return load(
        settings.get(Settings.STORAGE_FILE), settings.storageOptionsGivenOneByOne(System.getenv()));
  }

  /**
   * Lance storage options: the file's entries, then the options given one by one (which win). A file that cannot be read is an error: running without the credentials or
   * endpoint it holds would measure something else, or nothing.
   */
  public static Map<String, String> load(Optional<String> file, Map<String, String> oneByOne) {
    Map<String, String> options = new TreeMap<>();
    if (file.isPresent()) {
      Properties fromFile = new Properties();
      try (Reader in = Files.newBufferedReader(Path.of(file.get()), StandardCharsets.UTF_8)) {
        fromFile.load(in);
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(
            "Cannot read the storage options file "
                + file.get()
                + " ("
                + e.getMessage()
                + "). Fix the path given with -D"
                + FILE_SETTING
                + "=PATH, or leave it out.",
            e);
      }
      fromFile.stringPropertyNames().forEach(k -> options.put(k, fromFile.getProperty(k)));
    }
    options.putAll(oneByOne);
    return Map.copyOf(options);
  }
}
