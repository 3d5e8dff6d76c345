package dev.lancebench.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageOptionsTests {
  @TempDir Path dir;

  @Test
  void theFileThenTheSingleSettingsWhichWin() throws Exception {
    Path file = dir.resolve("s3.properties");
    Files.writeString(file, "aws_region=us-east-1\nallow_http=true\n");
    Map<String, String> oneByOne =
        Map.of("aws_region", "eu-west-1", "aws_endpoint", "http://127.0.0.1:9000");

    assertThat(StorageOptions.load(Optional.of(file.toString()), oneByOne))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "aws_region", "eu-west-1",
                "allow_http", "true",
                "aws_endpoint", "http://127.0.0.1:9000"));
  }

  @Test
  void anUnreadableFileIsAnErrorNamingItAndTheSetting() {
    Path missing = dir.resolve("missing.properties");

    assertThatThrownBy(() -> StorageOptions.load(Optional.of(missing.toString()), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("-Dbench.storage-file=PATH");
  }

  @Test
  void misspeltKeysAreFoundAndTheOnesLanceReadsAreNot() {
    assertThat(
            StorageOptions.unknownKeys(
                Map.of(
                    "aws_region", "x",
                    "aws_endpoint", "x",
                    "allow_http", "true",
                    "google_service_account_key", "{}",
                    "azure_storage_account_name", "x",
                    "timeout", "30s",
                    "aws_regoin", "x",
                    "alow_http", "true")))
        .containsExactlyInAnyOrder("alow_http");
  }
}
