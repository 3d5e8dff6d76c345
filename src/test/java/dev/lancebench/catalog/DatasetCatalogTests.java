package dev.lancebench.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lancebench.datasets.DatasetDefinition;
import dev.lancebench.datasets.DatasetLocation;
import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.DatasetSpec;
import dev.lancebench.datasets.DatasetState;
import dev.lancebench.datasets.Progress;
import dev.lancebench.settings.Setting;
import dev.lancebench.settings.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generation that fails (a full disk, say) is decided once: the cases after it fail at once with
 * its reason instead of trying again, and what the failed try wrote into a folder it made is gone.
 */
class DatasetCatalogTests {
  @TempDir Path data;
  final AtomicInteger tries = new AtomicInteger();

  /** A dataset whose generation writes a file, then fails as a full disk does. */
  final class FailingSpec implements DatasetSpec {
    @Override
    public String name() {
      return "failing";
    }

    @Override
    public long expectedRows() {
      return 1;
    }

    @Override
    public DatasetState inspect(DatasetPlace at) {
      return DatasetState.MISSING;
    }

    @Override
    public void generate(DatasetState found, DatasetPlace at, Progress progress) {
      String uri = at.uri();
      tries.incrementAndGet();
      try {
        Files.createDirectories(Path.of(uri, "_indices", "orphan"));
        Files.write(Path.of(uri, "_indices", "orphan", "part"), new byte[128]);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      throw new UncheckedIOException(new IOException("No space left on device (os error 28)"));
    }

    @Override
    public Map<String, Object> size() {
      return Map.of("rows", 1);
    }

    @Override
    public String datagenArguments() {
      return "";
    }
  }

  @Test
  void aFailedGenerationIsTriedOnceAndWhatItWroteIsRemoved() {
    DatasetDefinition failing =
        new DatasetDefinition(
            "failing",
            "fails",
            Setting.positive("bench.failing.rows"),
            "--failing-rows",
            BigDecimal.ONE,
            true,
            rows -> new FailingSpec());
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    DatasetCatalog catalog =
        new DatasetCatalog(
            new DatasetLocation(data.toString(), "a test"),
            new DatasetRegistry(List.of(failing)),
            Settings.of(key -> Optional.empty(), System.err),
            Map.of(),
            new PrintStream(said, true, StandardCharsets.UTF_8),
            null);
    try (BufferAllocator allocator = new RootAllocator()) {
      assertThatThrownBy(() -> catalog.require("failing", allocator))
          .hasMessageContaining("No space left on device");
      assertThat(data.resolve("failing.lance")).doesNotExist();
      assertThat(said.toString(StandardCharsets.UTF_8))
          .contains("removed what the failed generation wrote");

      assertThatThrownBy(() -> catalog.require("failing", allocator))
          .hasMessageContaining("could not be made earlier in this JVM; not trying again")
          .hasMessageContaining("No space left on device");
      assertThat(tries.get()).isEqualTo(1);
    } finally {
      catalog.close();
    }
  }
}
