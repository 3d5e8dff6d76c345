package dev.lancebench.datasets;

import dev.lancebench.settings.Settings;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether this process runs on Google Cloud, decided without touching the network where a local
 * signal answers, as Google's own client libraries look first: on Linux the DMI product name
 * ({@code /sys/class/dmi/id/product_name}, "Google Compute Engine" on a Google VM). Only when there
 * is no such file and a metadata server address is known (configured, {@code GCE_METADATA_HOST}, or
 * Windows, where there is no DMI file) is the metadata server asked, with a short timeout, for its
 * {@code Metadata-Flavor: Google} answer.
 */
public final class GoogleCloud {
  public static final String BUCKET = "gs://lance-benchmarks-ci-datasets/";
  static final Path DMI_PRODUCT_NAME = Path.of("/sys/class/dmi/id/product_name");
  static final String DEFAULT_METADATA = "http://metadata.google.internal";
  static final Duration TIMEOUT = Duration.ofMillis(500);

  /** The answer and how it was reached, for results.json and the closing of doubts. */
  public record Decision(boolean onGoogleCloud, String why) {}

  private final Path productName;
  private final Optional<String> metadata;
  private final boolean windows;

  public GoogleCloud(Path productName, Optional<String> metadata, boolean windows) {
    this.productName = productName;
    this.metadata = metadata;
    this.windows = windows;
  }

  /** From the settings and the environment of this process. */
  public static GoogleCloud of(Optional<String> dmiSetting, Optional<String> metadataSetting) {
    Optional<String> metadata =
        metadataSetting.or(
            () ->
                Optional.ofNullable(System.getenv("GCE_METADATA_HOST"))
                    .filter(h -> !h.isBlank())
                    .map(h -> h.contains("://") ? h : "http://" + h));
    boolean windows =
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    return new GoogleCloud(dmiSetting.map(Path::of).orElse(DMI_PRODUCT_NAME), metadata, windows);
  }

  public Decision decide() {
    if (Files.isReadable(productName)) {
      String name;
      try {
        name = Files.readString(productName, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        name = "";
      }
      return name.startsWith("Google")
          ? new Decision(true, "DMI product name is '" + name + "'")
          : new Decision(false, "DMI product name is '" + name + "', not Google's");
    }
    if (metadata.isEmpty() && !windows) {
      return new Decision(
          false,
          "no DMI product name at "
              + productName
              + " and no metadata server configured "
              + "("
              + Settings.GCP_METADATA.key()
              + " or GCE_METADATA_HOST): not asking the network");
    }
    String base = metadata.orElse(DEFAULT_METADATA);
    return askMetadataServer(base);
  }

  private static Decision askMetadataServer(String base) {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) URI.create(base + "/computeMetadata/v1/").toURL().openConnection();
      connection.setConnectTimeout((int) TIMEOUT.toMillis());
      connection.setReadTimeout((int) TIMEOUT.toMillis());
      connection.setRequestProperty("Metadata-Flavor", "Google");
      try {
        connection.getResponseCode(); // connects, and throws when nothing answers
        String flavor = connection.getHeaderField("Metadata-Flavor");
        boolean google = "Google".equals(flavor);
        return new Decision(
            google,
            "metadata server " + base + (google ? " answered as Google's" : " is not Google's"));
      } finally {
        connection.disconnect();
      }
    } catch (IOException | RuntimeException e) {
      return new Decision(false, "metadata server " + base + " did not answer: " + e.getMessage());
    }
  }
}
