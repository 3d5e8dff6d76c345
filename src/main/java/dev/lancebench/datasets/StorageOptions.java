package dev.lancebench.datasets;

import dev.lancebench.settings.Settings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

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
    Map<String, String> options =
        load(
            settings.get(Settings.STORAGE_FILE),
            settings.storageOptionsGivenOneByOne(System.getenv()));
    unknownKeys(options)
        .forEach(
            key ->
                System.err.println(
                    "lance-bench: storage option '"
                        + key
                        + "' is not one Lance or its object stores "
                        + "know (aws_*, google_*, azure_*, allow_http, timeout, ...): check its spelling"));
    return options;
  }

  /**
   * The object store options Lance reads (object_store's AWS, GCS and Azure keys and its client
   * options, and Lance's own): a key outside these is most likely misspelt and would be ignored.
   */
  private static final Pattern KNOWN =
      Pattern.compile(
          "(aws|google|azure|gcs|s3|account|access|bearer|client|proxy|virtual|use|sas|"
              + "msi|oss|hf|endpoint|region|tenant|token)_.*|allow_http|allow_invalid_certificates|"
              + "timeout|connect_timeout|pool_idle_timeout|pool_max_idle_per_host|"
              + "http1_only|http2_only|user_agent|default_content_type|retry_timeout|"
              + "max_retries|new_table_enable_v2_manifest_paths|download_retry_count|"
              + "skip_signature|unsigned_payload|checksum_algorithm|conditional_put|"
              + "copy_if_not_exists|container_name|account_name|account_key|bucket|"
              + "endpoint|region|token|"
              + "lance_.*");

  static List<String> unknownKeys(Map<String, String> options) {
    List<String> unknown = new ArrayList<>();
    for (String key : options.keySet()) {
      if (!KNOWN.matcher(key.toLowerCase(Locale.ROOT)).matches()) {
        unknown.add(key);
      }
    }
    return unknown;
  }

  /**
   * Lance storage options: the file's entries, then the options given one by one (which win). A
   * file that cannot be read is an error: running without the credentials or endpoint it holds
   * would measure something else, or nothing.
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
