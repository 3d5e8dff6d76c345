package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lancebench.catalog.DatasetRegistry;
import dev.lancebench.datasets.basic.BasicDataset;
import dev.lancebench.settings.SettingException;
import dev.lancebench.settings.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bench.* key that names no setting: refused when it looks like a size, else warned about. */
class UnknownSettingsTests {
  static UnknownSettings suite() throws ClassNotFoundException {
    return UnknownSettings.of(
        DatasetRegistry.standard(),
        Class.forName("dev.lancebench.benchmarks.CompactionBenchmarks"));
  }

  static Properties given(String key, String value) {
    Properties properties = new Properties();
    properties.setProperty(key, value);
    properties.setProperty("java.version", "17"); // not ours: never looked at
    return properties;
  }

  @Test
  void aTypoOfASizeIsRefusedNamingTheSettingMeant() throws Exception {
    assertThatThrownBy(() -> suite().check(given("bench.scal", "0.01")))
        .isInstanceOf(SettingException.class)
        .hasMessageContaining("bench.scal (did you mean bench.scale?)")
        .hasMessageContaining("looks like a size");
    assertThatThrownBy(() -> suite().check(given("bench.basic.row", "1000")))
        .hasMessageContaining("did you mean bench.basic.rows?");
    assertThatThrownBy(() -> suite().check(given("bench.my_dataset.rows", "1000")))
        .hasMessageContaining("bench.my_dataset.rows");
  }

  @Test
  void anyOtherUnknownKeyIsWarnedAboutWithTheClosestSetting() throws Exception {
    assertThat(suite().check(given("bench.tabel", "false")))
        .containsExactly(
            "lance-bench: -Dbench.tabel names no setting of lance-bench (did you mean bench.table?);"
                + " it is ignored");
  }

  @Test
  void everySettingTheSuiteDeclaresIsKnown() throws Exception {
    UnknownSettings suite = suite();
    for (String key :
        new String[] {
          Settings.SCALE.key(),
          Settings.STALL_AFTER.key(),
          BasicDataset.ROWS_SETTING.key(),
          "bench.mem-tpch.sf",
          "bench.compaction.appends",
          "bench.concurrent_writes.appends",
          "bench.index_build.scale",
          "bench.storage.aws_region",
          "bench.fail-on-regression.read_bytes",
          "bench.memtrack",
          "bench.memtrack.library",
          "bench.s3mock.jar"
        }) {
      assertThat(suite.isKnown(key)).as(key).isTrue();
      assertThat(suite.check(given(key, "1"))).as(key).isEmpty();
    }
  }

  @Test
  void aRunGivenAMistypedSizeGeneratesNothing(@TempDir Path data, @TempDir Path out)
      throws Exception {
    System.setProperty("bench.scal", "0.01");
    BenchRun run;
    try {
      run =
          BenchRun.of(
              out,
              Map.of(Settings.DATA.key(), data.toString(), Settings.PRIME.key(), "false"),
              BenchFixtures.LanceScanTestCase.class);
    } finally {
      System.clearProperty("bench.scal");
    }
    assertThat(run.results.testEvents().succeeded().count()).isZero();
    assertThat(run.results.testEvents().failed().count()).isPositive();
    assertThat(run.results.testEvents().failed().stream().findFirst().orElseThrow().toString())
        .contains("did you mean bench.scale?");
    try (Stream<Path> made = Files.list(data)) {
      assertThat(made).as("datasets generated").isEmpty();
    }
  }
}
