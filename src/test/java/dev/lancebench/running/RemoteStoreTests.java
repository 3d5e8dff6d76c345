package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lancebench.datasets.basic.BasicDataset;
import dev.lancebench.settings.Settings;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote path for real, on loopback: an S3-compatible server on 127.0.0.1, a basic dataset
 * written to it by the suite's own datagen with Lance storage options, and a benchmark run against
 * it through the extension. On an object store Lance's IOPS are requests.
 */
class RemoteStoreTests {
  @TempDir static Path dir;
  static S3MockServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3MockServer.start(dir.resolve("s3-root"), "bench");
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aBenchmarkOnAnS3DatasetCountsLanceRequests(@TempDir Path out) throws Exception {
    Properties options = new Properties();
    options.setProperty("aws_endpoint", server.endpoint());
    options.setProperty("allow_http", "true");
    // dummy keys: S3Mock checks no signature, and the client never looks for real credentials
    options.setProperty("aws_access_key_id", "lance-bench");
    options.setProperty("aws_secret_access_key", "lance-bench");
    options.setProperty("aws_region", "us-east-1");

    BenchRun run = scanThrough("s3://bench/datasets", options, out);

    assertThat(run.resultsJson().at("/metadata/dataset_location").asText())
        .isEqualTo("s3://bench/datasets");
    try (var files = Files.walk(dir.resolve("s3-root"))) {
      assertThat(files.anyMatch(p -> p.toString().contains("bench")))
          .as("the objects are in the server's store")
          .isTrue();
    }
  }

  /**
   * A gs:// location: Lance's object store speaks GCS's XML dialect, close enough to S3 for the
   * same server. The service account key points it at loopback and turns OAuth off; a credential
   * option is always given, or the client would ask the real metadata server.
   */
  @Test
  void aBenchmarkOnAGsDatasetCountsLanceRequests(@TempDir Path out) throws Exception {
    Properties options = new Properties();
    options.setProperty(
        "google_service_account_key",
        "{\"gcs_base_url\": \""
            + server.endpoint()
            + "\", \"disable_oauth\": true, \"client_email\": \"\", \"private_key\": \"\", "
            + "\"private_key_id\": \"\"}");
    options.setProperty("allow_http", "true");

    scanThrough("gs://bench/gcs-datasets", options, out);
  }

  /**
   * Runs the Lance-scan fixture with the datasets at {@code location} and the storage options in a
   * file, and checks that the basic dataset was generated there and Lance counted requests.
   */
  private static BenchRun scanThrough(String location, Properties options, Path out)
      throws Exception {
    Path storage = Files.createTempFile(dir, "storage", ".properties");
    try (Writer writer = Files.newBufferedWriter(storage)) {
      options.store(writer, "Lance storage options for a loopback object store");
    }
    BenchRun run =
        BenchRun.of(
            out,
            Map.of(
                Settings.DATA.key(), location,
                BasicDataset.ROWS_SETTING.key(), Long.toString(BenchExtensionTests.ROWS),
                Settings.STORAGE_FILE.key(), storage.toString()),
            BenchFixtures.LanceScanTestCase.class);

    run.results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(run.console).contains("rows ready at " + location + "/basic.lance");
    JsonNode scan = run.bmf().get("LanceScanTestCase.integersColumn");
    assertThat(scan.at("/read_iops/value").asLong()).isPositive();
    assertThat(scan.at("/read_bytes/value").asLong()).isPositive();
    JsonNode details = run.benchmark("LanceScanTestCase.integersColumn").get("details");
    assertThat(details.at("/lance.requests/mean").asLong()).isPositive();
    return run;
  }
}
