package dev.lancebench.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the build's validate phase refuses before any test JVM starts, through a real {@code mvn
 * validate}: a secret storage option given as a system property (surefire would write it into a
 * file that a hard kill leaves behind; the build's list of secret names is the one {@link
 * Settings#isSecret} applies), and a Maven switch that is neither true nor false (its profile would
 * silently stay off).
 */
class BuildChecksTests {
  static final Path POM = Path.of("pom.xml");

  /** The regex of the build's check, as the pom holds it. */
  static Pattern buildsPattern() throws IOException {
    Matcher m =
        Pattern.compile("<propertyref regex=\"([^\"]+)\" />").matcher(Files.readString(POM));
    assertThat(m.find()).as("the secret check in pom.xml").isTrue();
    return Pattern.compile(m.group(1));
  }

  @Test
  void theBuildAndTheSettingsCallTheSameKeysSecret() throws IOException {
    Pattern build = buildsPattern();
    for (String option :
        List.of(
            "aws_secret_access_key",
            "AWS_SECRET_ACCESS_KEY",
            "aws_access_key_id",
            "aws_session_token",
            "google_service_account_key",
            "azure_storage_sas_token",
            "password",
            "client_private_key",
            "credentials",
            "aws_region",
            "aws_endpoint",
            "allow_http",
            "gcs_base_url",
            "key_id")) {
      assertThat(build.matcher("bench.storage." + option).matches())
          .as("the build calls %s secret", option)
          .isEqualTo(Settings.isSecret(option));
    }
  }

  /** The output of {@code mvn validate} with {@code properties}, which must fail. */
  static String refusedValidate(String... properties) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("mvn", "-B", "-o", "-Dstyle.color=never", "validate"));
    command.addAll(List.of(properties));
    Process mvn;
    try {
      mvn = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      abort(
          "mvn is not on the PATH of this test JVM ("
              + e.getMessage()
              + "): the build's check needs it");
      return "";
    }
    mvn.getOutputStream().close();
    String output = new String(mvn.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(mvn.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(mvn.exitValue()).as(output).isNotZero();
    return output;
  }

  @Test
  void aSecretGivenAsASystemPropertyStopsTheBuildBeforeAnyTestJvm() throws Exception {
    String secret = "not-a-real-secret-" + UUID.randomUUID();
    assertThat(refusedValidate("-Dbench.storage.aws_secret_access_key=" + secret))
        .contains("a secret storage option was given as a system property")
        .contains("BENCH_STORAGE_AWS_SECRET_ACCESS_KEY")
        .contains("-Dbench.storage-file=PATH")
        .doesNotContain(secret);
  }

  @Test
  void aSwitchThatIsNeitherTrueNorFalseStopsTheBuild() throws Exception {
    assertThat(refusedValidate("-Dbench.memtrack=yes"))
        .contains("-Dbench.memtrack=yes is not a switch Maven understands")
        .contains("the allocation tracker would not be preloaded");
    assertThat(refusedValidate("-Dbench=1"))
        .contains("-Dbench=1 is not a switch Maven understands");
  }
}
