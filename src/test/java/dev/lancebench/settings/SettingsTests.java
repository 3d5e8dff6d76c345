package dev.lancebench.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lancebench.catalog.DatasetRegistry;
import dev.lancebench.datasets.basic.BasicDataset;
import dev.lancebench.datasets.europarl.EuroparlCorpus;
import dev.lancebench.datasets.europarl.EuroparlDataset;
import dev.lancebench.datasets.tpch.TpchDataset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The one owner of settings: lookup order, parse rules, and the size settings of the datasets. */
class SettingsTests {
  final ByteArrayOutputStream warnings = new ByteArrayOutputStream();

  Settings settings(
      Map<String, String> given, Map<String, String> properties, Map<String, String> env) {
    Properties props = new Properties();
    props.putAll(properties);
    return new Settings(
        key -> Optional.ofNullable(given.get(key)),
        props,
        env::get,
        new PrintStream(warnings, true, StandardCharsets.UTF_8));
  }

  Settings given(String key, String value) {
    return settings(Map.of(key, value), Map.of(), Map.of());
  }

  @Test
  void aGivenValueWinsOverASystemPropertyWhichWinsOverTheEnvironment() {
    String key = BasicDataset.ROWS_SETTING.key();
    assertThat(
            settings(Map.of(key, "1"), Map.of(key, "2"), Map.of("BENCH_BASIC_ROWS", "3"))
                .get(BasicDataset.ROWS_SETTING))
        .contains(BigDecimal.ONE);
    assertThat(
            settings(Map.of(), Map.of(key, "2"), Map.of("BENCH_BASIC_ROWS", "3"))
                .get(BasicDataset.ROWS_SETTING))
        .contains(BigDecimal.valueOf(2));
    assertThat(
            settings(Map.of(), Map.of(), Map.of("BENCH_BASIC_ROWS", "3"))
                .get(BasicDataset.ROWS_SETTING))
        .contains(BigDecimal.valueOf(3));
    // bench.data keeps its documented variable
    assertThat(settings(Map.of(), Map.of(), Map.of("LANCE_BENCH_DATA", "/d")).get(Settings.DATA))
        .contains("/d");
  }

  @Test
  void aMalformedSizeIsAnErrorNamingTheSettingAndTheValue() {
    assertThatThrownBy(() -> given("bench.tpch.sf", "abc").get(TpchDataset.SCALE_FACTOR_SETTING))
        .isInstanceOf(SettingException.class)
        .hasMessageContaining("bench.tpch.sf=abc is not a number greater than 0")
        .hasMessageContaining("BENCH_TPCH_SF");
    assertThatThrownBy(() -> given("bench.basic.rows", "-5").get(BasicDataset.ROWS_SETTING))
        .isInstanceOf(SettingException.class)
        .hasMessageContaining("bench.basic.rows=-5");
    assertThatThrownBy(() -> BasicDataset.DEFINITION.sizeFrom(given("bench.basic.rows", "1.5")))
        .isInstanceOf(SettingException.class)
        .hasMessageContaining("not a whole number of rows");
    assertThatThrownBy(
            () -> given("bench.data", "/x").with(Map.of("bench.scale", "none")).get(Settings.SCALE))
        .hasMessageContaining("bench.scale=none");
  }

  @Test
  void theErrorSaysWhatIsWrongWithTheValue() {
    assertThatThrownBy(() -> given("bench.profile", "cpu,cycles").get(Settings.PROFILE))
        .isInstanceOf(SettingException.class)
        .hasMessageContaining("bench.profile=cpu,cycles is not an event")
        .hasMessageContaining("(unknown event 'cycles'");
  }

  @Test
  void aMalformedCosmeticSettingIsReportedAndIgnored() {
    assertThat(given("bench.table", "maybe").isOn(Settings.TABLE, true)).isTrue();
    assertThat(warnings.toString(StandardCharsets.UTF_8))
        .contains("ignoring bench.table=maybe is not true or false");
  }

  @Test
  void falseMeansOffAndAFlagWithoutValueMeansOn() {
    assertThat(given("bench.prime", "false").isOn(Settings.PRIME, true)).isFalse();
    assertThat(given("bench.prime", "FALSE").isOn(Settings.PRIME, true)).isFalse();
    assertThat(given("bench.prime", "").isOn(Settings.PRIME, false)).isTrue();
    assertThat(given("bench.prime", "true").isOn(Settings.PRIME, false)).isTrue();
    assertThatThrownBy(() -> given("bench.prime", "off").isOn(Settings.PRIME, true))
        .isInstanceOf(SettingException.class);
  }

  @Test
  void durationsReadAsPeopleWriteThem() {
    assertThat(given("bench.min-time", "2s").get(Settings.MIN_TIME))
        .contains(Duration.ofSeconds(2));
    assertThat(given("bench.min-time", "500ms").get(Settings.MIN_TIME))
        .contains(Duration.ofMillis(500));
    assertThat(given("bench.min-time", "1.5s").get(Settings.MIN_TIME))
        .contains(Duration.ofMillis(1500));
    assertThat(given("bench.min-time", "1m").get(Settings.MIN_TIME))
        .contains(Duration.ofMinutes(1));
    assertThat(given("bench.min-time", "PT3S").get(Settings.MIN_TIME))
        .contains(Duration.ofSeconds(3));
    assertThatThrownBy(() -> given("bench.min-time", "soon").get(Settings.MIN_TIME))
        .hasMessageContaining("bench.min-time=soon is not a duration");
  }

  @Test
  void benchScaleScalesEveryDefaultSizeAndADatasetsOwnSettingWins() {
    Settings scaled = given("bench.scale", "0.01");
    assertThat(BasicDataset.DEFINITION.sizeFrom(scaled)).isEqualByComparingTo("100000");
    assertThat(TpchDataset.DEFINITION.sizeFrom(scaled)).isEqualByComparingTo("0.1");
    Settings own = scaled.with(Map.of("bench.basic.rows", "1234"));
    assertThat(BasicDataset.DEFINITION.sizeFrom(own)).isEqualByComparingTo("1234");
    assertThat(TpchDataset.DEFINITION.sizeFrom(own)).isEqualByComparingTo("0.1");
    // rows never scale below one
    assertThat(BasicDataset.DEFINITION.sizeFrom(given("bench.scale", "0.0000000001")))
        .isEqualByComparingTo("1");
    // and the defaults are upstream's
    Settings none = settings(Map.of(), Map.of(), Map.of());
    for (var d : DatasetRegistry.standard().definitions().values()) {
      assertThat(d.sizeFrom(none)).isEqualByComparingTo(d.defaultSize());
    }
  }

  @Test
  void aScaleAboveWhatAFixedCorpusHasUsesAllOfItWithANote() {
    Settings doubled = given(Settings.SCALE.key(), "2");
    assertThat(EuroparlDataset.DEFINITION.spec(doubled).expectedRows())
        .isEqualTo(EuroparlCorpus.DOCUMENTS);
    assertThat(EuroparlDataset.DEFINITION.capNote(doubled))
        .hasValueSatisfying(
            note -> assertThat(note).contains("bench.scale asks for 190172 rows of 'europarl'"));
    // the dataset's own setting is taken at its word: more than the corpus is an error
    assertThatThrownBy(
            () ->
                EuroparlDataset.DEFINITION.spec(
                    given(EuroparlDataset.ROWS_SETTING.key(), "200000")))
        .hasMessageContaining("asks for more");
    assertThat(BasicDataset.DEFINITION.capNote(doubled)).isEmpty();
  }

  @Test
  void aSizeNoDatasetCanHoldNamesItsSetting() {
    assertThatThrownBy(
            () ->
                BasicDataset.DEFINITION.spec(
                    given(BasicDataset.ROWS_SETTING.key(), "99999999999999999999")))
        .isInstanceOf(SettingException.class)
        .hasMessageContaining("bench.basic.rows asks for 99999999999999999999 rows of 'basic'");
    assertThatThrownBy(() -> BasicDataset.DEFINITION.spec(given(Settings.SCALE.key(), "1e13")))
        .hasMessageContaining("bench.scale asks for");
  }

  @Test
  void aScaleFactorThatGeneratesNothingIsRejected() {
    assertThatThrownBy(() -> TpchDataset.DEFINITION.spec(given("bench.tpch.sf", "1e-7")))
        .hasMessageContaining("generates no rows");
  }

  @Test
  void storageOptionsComeFromSystemPropertiesAndTheEnvironment() {
    Settings s = settings(Map.of(), Map.of("bench.storage.aws_region", "eu-west-1"), Map.of());
    Map<String, String> options =
        s.storageOptionsGivenOneByOne(
            Map.of(
                "BENCH_STORAGE_AWS_ENDPOINT", "http://127.0.0.1:1",
                "BENCH_STORAGE_AWS_REGION", "x",
                "BENCH_STORAGE_FILE", "/a/file/not/an/option"));
    assertThat(options)
        .containsEntry("aws_region", "eu-west-1")
        .containsEntry("aws_endpoint", "http://127.0.0.1:1")
        .hasSize(2);
  }

  @Test
  void aSecretGivenAsASystemPropertyIsTakenOutOfThemWithAWordOnWhereItBelongs() {
    Properties props = new Properties();
    props.setProperty("bench.storage.aws_secret_access_key", "s3cr3t");
    props.setProperty("bench.storage.aws_region", "eu-west-1");
    Settings s =
        new Settings(
            key -> Optional.empty(),
            props,
            name -> null,
            new PrintStream(warnings, true, StandardCharsets.UTF_8));

    assertThat(s.storageOptionsGivenOneByOne(Map.of()))
        .containsEntry("aws_secret_access_key", "s3cr3t")
        .containsEntry("aws_region", "eu-west-1");
    // reading them changes nothing; taking the secrets out is a step of its own
    assertThat(props.stringPropertyNames()).hasSize(2);
    assertThat(s.removeSecretSystemProperties())
        .containsExactly("bench.storage.aws_secret_access_key");
    assertThat(props.stringPropertyNames()).containsExactly("bench.storage.aws_region");
    assertThat(warnings.toString(StandardCharsets.UTF_8))
        .contains("bench.storage.aws_secret_access_key is a secret given as a system property")
        .contains("BENCH_STORAGE_AWS_SECRET_ACCESS_KEY")
        .doesNotContain("s3cr3t");
  }
}
