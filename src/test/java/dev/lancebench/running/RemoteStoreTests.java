package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote path for real, on loopback: an S3-compatible server on 127.0.0.1, a basic dataset
 * written to it by the suite's own datagen with Lance storage options, and a benchmark run
 * against it through the extension. On an object store Lance's IOPS are requests.
 */
class RemoteStoreTests {
  @TempDir static Path dir;
  static S3MockServer s3;

  @BeforeAll
  static void startServer() throws Exception {
    s3 = S3MockServer.start(dir.resolve("s3-root"), "bench");
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void aBenchmarkOnAnS3DatasetCountsLanceRequests(@TempDir Path out) throws Exception {
    Path storage = dir.resolve("s3.properties");
    // dummy keys: S3Mock checks no signature, and the client never looks for real credentials
    Files.writeString(
        storage,
        String.join(
            "\n",
            "aws_endpoint=" + s3.endpoint(),
            "allow_http=true",
            "aws_access_key_id=lance-bench",
            "aws_secret_access_key=lance-bench",
            "aws_region=us-east-1",
            ""));

    BenchRun run =
        BenchRun.of(
            out,
            Map.of(
                RunConfig.DATA, "s3://bench/datasets",
                RunConfig.BASIC_ROWS, Long.toString(BenchExtensionTests.ROWS),
                RunConfig.STORAGE_FILE, storage.toString()),
            BenchFixtures.LanceScanTestCase.class);

    run.results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(run.console).contains("rows ready at s3://bench/datasets/basic.lance");
    JsonNode scan = run.bmf().get("LanceScanTestCase.integersColumn");
    assertThat(scan.at("/read_iops/value").asLong()).isPositive();
    assertThat(scan.at("/read_bytes/value").asLong()).isPositive();
    JsonNode details = run.benchmark("LanceScanTestCase.integersColumn").get("details");
    assertThat(details.at("/lance.requests/mean").asLong()).isPositive();
    assertThat(run.resultsJson().at("/metadata/dataset_location").asText())
        .isEqualTo("s3://bench/datasets");
    // the objects are in the server's store, not on a local path of that name
    try (var files = Files.walk(dir.resolve("s3-root"))) {
      assertThat(files.anyMatch(p -> p.toString().contains("bench"))).isTrue();
    }
    assertThat(Path.of("s3:")).doesNotExist();
  }

  /**
   * A gs:// location: Lance's object store speaks GCS's XML dialect, close enough to S3 for the
   * same server. The service account key points it at loopback and turns OAuth off; a credential
   * option is always given, or the client would ask the real metadata server.
   */
  @Test
  void aBenchmarkOnAGsDatasetCountsLanceRequests(@TempDir Path out) throws Exception {
    Path storage = dir.resolve("gs.properties");
    String key =
        "{\"gcs_base_url\": \""
            + s3.endpoint()
            + "\", \"disable_oauth\": true, \"client_email\": \"\", \"private_key\": \"\", "
            + "\"private_key_id\": \"\"}";
    java.util.Properties options = new java.util.Properties();
    options.setProperty("google_service_account_key", key);
    options.setProperty("allow_http", "true");
    try (var writer = Files.newBufferedWriter(storage)) {
      options.store(writer, "Lance storage options for gs:// on a loopback server");
    }

    BenchRun run =
        BenchRun.of(
            out,
            Map.of(
                RunConfig.DATA, "gs://bench/gcs-datasets",
                RunConfig.BASIC_ROWS, Long.toString(BenchExtensionTests.ROWS),
                RunConfig.STORAGE_FILE, storage.toString()),
            BenchFixtures.LanceScanTestCase.class);

    run.results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(run.console).contains("rows ready at gs://bench/gcs-datasets/basic.lance");
    JsonNode scan = run.bmf().get("LanceScanTestCase.integersColumn");
    assertThat(scan.at("/read_iops/value").asLong()).isPositive();
    assertThat(scan.at("/read_bytes/value").asLong()).isPositive();
    JsonNode details = run.benchmark("LanceScanTestCase.integersColumn").get("details");
    assertThat(details.at("/lance.requests/mean").asLong()).isPositive();
  }
}
