package dev.lancebench.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.lancebench.catalog.DatasetCatalog;
import dev.lancebench.catalog.DatasetRegistry;
import dev.lancebench.settings.Settings;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bucket check against google-cloud-storage's own in-memory fake. */
class BucketDatasetsTests {
  Storage storage;

  @BeforeEach
  void bucketWithTwoDatasets() {
    // no credentials and a project id given: the library then has no reason to look for Google's
    // metadata server (its default credentials and project lookups do)
    storage =
        LocalStorageHelper.getOptions().toBuilder()
            .setCredentials(NoCredentials.getInstance())
            .setProjectId("lance-bench-test")
            .build()
            .getService();
    put("lance-benchmarks-ci-datasets", "basic.lance/_versions/1.manifest");
    put("lance-benchmarks-ci-datasets", "basic.lance/data/0.lance");
    put("lance-benchmarks-ci-datasets", "image_eda.lance/_versions/3.manifest");
    put("lance-benchmarks-ci-datasets", "readme.txt");
    // a dataset whose write never committed: data, no manifest
    put("lance-benchmarks-ci-datasets", "tpch.lance/data/0.lance");
  }

  void put(String bucket, String name) {
    storage.create(
        BlobInfo.newBuilder(BlobId.of(bucket, name)).build(), "x".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aCommittedDatasetIsFound() {
    BucketDatasets bucket = new BucketDatasets("gs://lance-benchmarks-ci-datasets/", () -> storage);

    assertThat(bucket.exists("basic")).isTrue();
    assertThat(bucket.exists("image_eda")).isTrue();
    assertThat(bucket.exists("tpch")).isFalse();
    bucket.require("basic", "");
  }

  @Test
  void aMissingDatasetIsAnErrorListingWhatIsThereAndTheCommandThatCreatesIt() {
    BucketDatasets bucket = new BucketDatasets("gs://lance-benchmarks-ci-datasets/", () -> storage);

    assertThatThrownBy(() -> bucket.require("tpch", "--tpch-sf 10"))
        .isInstanceOf(DatasetMismatchException.class)
        .hasMessageContaining("The 'tpch' dataset is not in gs://lance-benchmarks-ci-datasets/")
        .hasMessageContaining("basic.lance, image_eda.lance, tpch.lance")
        .hasMessageContaining(
            "Create it with: datagen/gen_all --data gs://lance-benchmarks-ci-datasets/ "
                + "--tpch-sf 10 tpch");
  }

  @Test
  void aPrefixInsideTheBucketIsHonoured() {
    put("other", "runs/nightly/basic.lance/_versions/1.manifest");
    BucketDatasets bucket = new BucketDatasets("gs://other/runs/nightly", () -> storage);

    assertThat(bucket.exists("basic")).isTrue();
    assertThat(bucket.present()).containsExactly("basic.lance");
  }

  @Test
  void theClientIsMadeOnlyWhenNeeded() {
    int[] made = {0};
    BucketDatasets bucket =
        new BucketDatasets(
            "gs://lance-benchmarks-ci-datasets/",
            () -> {
              made[0]++;
              return storage;
            });
    assertThat(made[0]).isZero();

    bucket.exists("basic");
    bucket.exists("tpch");

    assertThat(made[0]).isEqualTo(1);
  }

  @Test
  void aRunOnABucketLocationFailsBeforeGeneratingIntoIt() {
    BucketDatasets bucket = new BucketDatasets("gs://lance-benchmarks-ci-datasets/", () -> storage);
    DatasetCatalog catalog =
        new DatasetCatalog(
            new DatasetLocation("gs://lance-benchmarks-ci-datasets/", "test"),
            DatasetRegistry.standard(),
            Settings.of(
                key -> Optional.ofNullable(Map.of("bench.tpch.sf", "0.01").get(key)), System.err),
            Map.of(),
            System.out,
            bucket);

    try (BufferAllocator allocator = new RootAllocator()) {
      assertThatThrownBy(() -> catalog.require("tpch", allocator))
          .isInstanceOf(DatasetMismatchException.class)
          .hasMessageContaining(
              "datagen/gen_all --data gs://lance-benchmarks-ci-datasets/ " + "--tpch-sf 0.01 tpch");
    }
  }

  @Test
  void theBucketCheckUsesTheServiceAccountTheRunGivesLance() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    ObjectNode key = new ObjectMapper().createObjectNode();
    key.put("type", "service_account");
    key.put("client_email", "bench@lance-bench-test.iam.gserviceaccount.com");
    key.put("client_id", "1");
    key.put("private_key_id", "k1");
    key.put("private_key", pem);
    key.put("project_id", "lance-bench-test");

    Storage client = BucketDatasets.client(Map.of("google_service_account_key", key.toString()));

    assertThat(client.getOptions().getCredentials())
        .isInstanceOfSatisfying(
            ServiceAccountCredentials.class,
            c ->
                assertThat(c.getClientEmail())
                    .isEqualTo("bench@lance-bench-test.iam.gserviceaccount.com"));
    assertThatThrownBy(() -> BucketDatasets.client(Map.of("google_service_account_key", "{}")))
        .hasMessageContaining("google_service_account_key")
        .hasMessageContaining("cannot be read");
  }
}
