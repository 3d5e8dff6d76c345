package dev.lancebench.datasets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.gax.paging.Page;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Datasets in a Google Cloud Storage bucket ({@code gs://bucket/prefix/<name>.lance}), looked at
 * with Google's client before a run: the suite does not generate into a shared bucket, so a missing
 * dataset is an error that lists what is there and gives the command that creates it. The client is
 * made on first use, with Application Default Credentials (never printed).
 */
public final class BucketDatasets {
  private final String bucket;
  private final String prefix;
  private final String base;
  private final Supplier<Storage> client;
  private Storage storage;

  /**
   * @param base the dataset location, {@code gs://bucket[/prefix][/]}
   */
  public BucketDatasets(String base, Supplier<Storage> client) {
    URI uri = URI.create(base);
    if (!"gs".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("not a gs://bucket/ location: " + base);
    }
    this.base = base;
    this.bucket = uri.getHost();
    String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+", "");
    this.prefix = path.isEmpty() || path.endsWith("/") ? path : path + "/";
    this.client = client;
  }

  /**
   * Google's client with the run's credentials: the service account key the run gives Lance ({@code
   * google_service_account_key}, JSON, or {@code google_service_account}, a key file), else
   * Application Default Credentials. The check must see the bucket as Lance will.
   */
  public static BucketDatasets withRunCredentials(String base, Map<String, String> storage) {
    return new BucketDatasets(base, () -> client(storage));
  }

  static Storage client(Map<String, String> storage) {
    String key = storage.get("google_service_account_key");
    String keyFile =
        storage.getOrDefault("google_service_account", storage.get("google_service_account_path"));
    if (key == null && keyFile == null) {
      return StorageOptions.getDefaultInstance().getService();
    }
    try (InputStream in =
        key != null
            ? new ByteArrayInputStream(key.getBytes(StandardCharsets.UTF_8))
            : Files.newInputStream(Path.of(keyFile))) {
      return StorageOptions.newBuilder()
          .setCredentials(ServiceAccountCredentials.fromStream(in))
          .build()
          .getService();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "The service account key in the storage options ("
              + (key != null ? "google_service_account_key" : "google_service_account=" + keyFile)
              + ") cannot be read: "
              + e.getMessage()
              + ". Give a service account's JSON key, or leave it out for Application Default "
              + "Credentials.",
          e);
    }
  }

  public static boolean isBucket(String base) {
    return base.startsWith("gs://");
  }

  /**
   * Whether a run on {@code base} checks the bucket with Google's client: for a gs:// location on
   * Google's service, not when the storage options point Lance at another GCS endpoint ({@code
   * gcs_base_url} in {@code google_service_account_key}, as a test server on loopback does) —
   * Google's client would go to Google.
   */
  public static boolean appliesTo(String base, Map<String, String> storage) {
    if (!isBucket(base)) {
      return false;
    }
    String key = storage.get("google_service_account_key");
    if (key == null) {
      return true;
    }
    try {
      return !new ObjectMapper().readTree(key).has("gcs_base_url");
    } catch (IOException e) {
      return true;
    }
  }

  private synchronized Storage storage() {
    if (storage == null) {
      storage = client.get();
    }
    return storage;
  }

  /** Whether {@code <name>.lance} has a committed version in the bucket. */
  public boolean exists(String name) {
    Page<Blob> page =
        storage()
            .list(
                bucket,
                Storage.BlobListOption.prefix(prefix + name + ".lance/_versions/"),
                Storage.BlobListOption.pageSize(1));
    return page.getValues().iterator().hasNext();
  }

  /** The {@code *.lance} datasets directly under the prefix. */
  public TreeSet<String> present() {
    TreeSet<String> names = new TreeSet<>();
    Page<Blob> page =
        storage()
            .list(
                bucket,
                Storage.BlobListOption.prefix(prefix),
                Storage.BlobListOption.currentDirectory());
    for (Blob blob : page.iterateAll()) {
      String rest = blob.getName().substring(prefix.length());
      int slash = rest.indexOf('/');
      String first = slash < 0 ? rest : rest.substring(0, slash);
      if (first.endsWith(".lance")) {
        names.add(first);
      }
    }
    return names;
  }

  /**
   * Fails, naming what is there and the command that creates it, when {@code name} is missing.
   *
   * @param datagenOptions the options the datagen command needs for this dataset, e.g. "--tpch-sf
   *     10"
   */
  public void require(String name, String datagenOptions) {
    try {
      if (exists(name)) {
        return;
      }
      TreeSet<String> there = present();
      throw new DatasetMismatchException(
          String.format(
              Locale.ROOT,
              "The '%s' dataset is not in %s (no %s%s.lance/_versions/). There: %s. "
                  + "Create it with: datagen/gen_all --data %s%s %s",
              name,
              base,
              prefix,
              name,
              there.isEmpty() ? "nothing" : String.join(", ", there),
              base,
              datagenOptions.isEmpty() ? "" : " " + datagenOptions,
              name));
    } catch (StorageException e) {
      Throwable root = RemoteFailures.rootCause(e);
      if (RemoteFailures.isUnreachable(e)) {
        throw new IllegalStateException(
            root
                + ": cannot reach gs://"
                + bucket
                + "/"
                + prefix
                + " (listing it). Check the network (and a proxy, if one is needed) from this "
                + "machine to Google Cloud Storage.",
            e);
      }
      throw new IllegalStateException(
          root
              + ": cannot list gs://"
              + bucket
              + "/"
              + prefix
              + ". Check the credentials (the storage options' google_service_account_key, else "
              + "Application Default Credentials: gcloud auth application-default login, or "
              + "GOOGLE_APPLICATION_CREDENTIALS) and the bucket's permissions.",
          e);
    }
  }
}
