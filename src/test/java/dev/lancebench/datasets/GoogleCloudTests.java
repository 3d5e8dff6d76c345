package dev.lancebench.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Google Cloud decision, with a fake DMI file and a metadata server on 127.0.0.1: local signals
 * first (no request at all), the metadata server only when they are missing and its address is
 * known.
 */
class GoogleCloudTests {
  @TempDir Path dir;
  HttpServer metadata;
  final List<String> flavorHeaders = new CopyOnWriteArrayList<>();
  volatile boolean answerAsGoogle = true;

  @BeforeEach
  void startMetadataServer() throws Exception {
    metadata = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    metadata.createContext(
        "/computeMetadata/v1/",
        exchange -> {
          flavorHeaders.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("Metadata-Flavor")));
          if (answerAsGoogle) {
            exchange.getResponseHeaders().add("Metadata-Flavor", "Google");
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    metadata.start();
  }

  @AfterEach
  void stop() {
    metadata.stop(0);
  }

  String metadataUrl() {
    return "http://127.0.0.1:" + metadata.getAddress().getPort();
  }

  Path dmi(String productName) throws Exception {
    Path file = dir.resolve("product_name");
    Files.writeString(file, productName + "\n");
    return file;
  }

  @Test
  void aGoogleDmiProductNameIsEnoughAndNothingIsAsked() throws Exception {
    GoogleCloud gcp =
        new GoogleCloud(dmi("Google Compute Engine"), Optional.of(metadataUrl()), false);

    GoogleCloud.Decision decision = gcp.decide();

    assertThat(decision.onGoogleCloud()).isTrue();
    assertThat(decision.why()).contains("Google Compute Engine");
    assertThat(flavorHeaders).isEmpty();
  }

  @Test
  void anotherDmiProductNameMeansNotGoogleCloudWithoutAskingTheNetwork() throws Exception {
    GoogleCloud gcp = new GoogleCloud(dmi("KVM"), Optional.of(metadataUrl()), false);

    assertThat(gcp.decide().onGoogleCloud()).isFalse();
    assertThat(flavorHeaders).isEmpty();
  }

  @Test
  void withoutDmiAndWithoutAMetadataAddressNothingIsAsked() {
    GoogleCloud gcp = new GoogleCloud(dir.resolve("absent"), Optional.empty(), false);

    GoogleCloud.Decision decision = gcp.decide();

    assertThat(decision.onGoogleCloud()).isFalse();
    assertThat(decision.why()).contains("not asking the network");
  }

  @Test
  void withoutDmiTheConfiguredMetadataServerIsAskedWithTheGoogleHeader() {
    GoogleCloud gcp = new GoogleCloud(dir.resolve("absent"), Optional.of(metadataUrl()), false);

    assertThat(gcp.decide().onGoogleCloud()).isTrue();
    assertThat(flavorHeaders).containsExactly("Google");

    answerAsGoogle = false;
    assertThat(gcp.decide().onGoogleCloud()).isFalse();
  }

  @Test
  void aMetadataServerThatIsNotThereMeansNotGoogleCloudQuickly() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    GoogleCloud gcp =
        new GoogleCloud(
            dir.resolve("absent"), Optional.of("http://127.0.0.1:" + closedPort), false);

    long start = System.nanoTime();
    GoogleCloud.Decision decision = gcp.decide();

    assertThat(decision.onGoogleCloud()).isFalse();
    assertThat(decision.why()).contains("did not answer");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
  }

  @Test
  void theResolverPutsTheSettingAndTheEnvironmentBeforeGoogleCloud() throws Exception {
    GoogleCloud onGcp = new GoogleCloud(dmi("Google Compute Engine"), Optional.empty(), false);
    Map<String, String> env = Map.of(DatasetLocation.ENVIRONMENT, dir.resolve("env").toString());

    assertThat(
            DatasetLocation.resolve(Optional.empty(), Map.<String, String>of()::get, onGcp::decide))
        .satisfies(
            l -> {
              assertThat(l.base()).isEqualTo("gs://lance-benchmarks-ci-datasets/");
              assertThat(l.decidedBy()).startsWith("Google Cloud (DMI product name");
              assertThat(l.uriOf("tpch")).isEqualTo("gs://lance-benchmarks-ci-datasets/tpch.lance");
            });
    assertThat(DatasetLocation.resolve(Optional.empty(), env::get, onGcp::decide).base())
        .isEqualTo(dir.resolve("env").toString());
    assertThat(
            DatasetLocation.resolve(
                    Optional.of(dir.resolve("s").toString()), env::get, onGcp::decide)
                .base())
        .isEqualTo(dir.resolve("s").toString());
  }
}
