package dev.lancebench.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocationTests {
  @TempDir Path dir;

  @Test
  void theSettingWinsOverTheEnvironment() {
    Path fromSetting = dir.resolve("setting");
    DatasetLocation location =
        DatasetLocation.resolve(
            Optional.of(fromSetting.toString()),
            Map.of(DatasetLocation.ENVIRONMENT, dir.resolve("env").toString())::get);

    assertThat(location.base()).isEqualTo(fromSetting.toString());
    assertThat(location.decidedBy()).isEqualTo("bench.data");
    assertThat(fromSetting).isDirectory();
    assertThat(location.uriOf("basic")).isEqualTo(fromSetting.resolve("basic.lance").toString());
  }

  @Test
  void theEnvironmentWinsOverTheDefault() {
    DatasetLocation location =
        DatasetLocation.resolve(
            Optional.empty(), Map.of(DatasetLocation.ENVIRONMENT, dir.toString())::get);

    assertThat(location.base()).isEqualTo(dir.toString());
    assertThat(location.decidedBy()).isEqualTo("LANCE_BENCH_DATA");
  }

  @Test
  void theDefaultIsAFolderInTheHomeDirectory() {
    DatasetLocation location = DatasetLocation.resolve(Optional.of("  "), name -> null);

    assertThat(location.base())
        .isEqualTo(
            Path.of(System.getProperty("user.home"), "lance-benchmarks-ci-datasets").toString());
  }

  @Test
  void uriLocationsAreKeptAsGiven() {
    DatasetLocation location =
        DatasetLocation.resolve(Optional.of("s3://bucket/prefix/"), name -> null);

    assertThat(location.uriOf("basic")).isEqualTo("s3://bucket/prefix/basic.lance");
  }
}
