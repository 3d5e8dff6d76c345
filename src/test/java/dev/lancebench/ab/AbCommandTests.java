package dev.lancebench.ab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare/ab's input and the sides it refuses, before any trial runs. */
class AbCommandTests {
  @TempDir Path out;
  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  final Path project = Path.of("").toAbsolutePath();

  int run(String... args) {
    return new AbCommand(
            project,
            new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8),
            "mvn")
        .run(args);
  }

  String errors() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aSideIsALanceVersionOrAGitRevision() {
    assertThat(Side.parse("A", "lance:7.0.0").lanceVersion()).isEqualTo("7.0.0");
    assertThat(Side.parse("A", "lance:7.0.0").mavenArguments())
        .containsExactly("-Dlance.version=7.0.0");
    assertThat(Side.parse("B", "git:main").revision()).isEqualTo("main");
    assertThat(Side.parse("B", "git:main").mavenArguments()).isEmpty();
    assertThat(run("7.0.0", "git:HEAD")).isEqualTo(AbCommand.ERROR);
    assertThat(errors()).contains("side A is '7.0.0': give lance:VERSION").contains("usage:");
  }

  @Test
  void theTrialsSettingsAreTheCommandsOwn() {
    assertThat(run("git:HEAD", "git:HEAD", "--", "-Dbench.save=mine")).isEqualTo(AbCommand.ERROR);
    assertThat(errors()).contains("-Dbench.save=mine: compare/ab sets -Dbench.save");
    assertThat(run("--trials", "0", "git:HEAD", "git:HEAD")).isEqualTo(AbCommand.ERROR);
    assertThat(errors()).contains("--trials takes 1 or more");
    assertThat(run("--slowdown", "ten", "git:HEAD", "git:HEAD")).isEqualTo(AbCommand.ERROR);
    assertThat(errors()).contains("--slowdown takes a percentage");
  }

  @Test
  void relativePathsAmongTheMavenArgumentsAreMadeAbsolute() {
    List<String> fixed =
        AbCommand.absolutePaths(
            List.of("-Dbench.data=data", "-Dbench.data=gs://bucket/x", "-Dtest=Foo"));
    assertThat(fixed.get(0)).isEqualTo("-Dbench.data=" + Path.of("data").toAbsolutePath());
    assertThat(fixed.subList(1, 3)).containsExactly("-Dbench.data=gs://bucket/x", "-Dtest=Foo");
  }

  @Test
  void theTrialsAlternateSoEachSideRunsFirstInHalfThePairs() {
    assertThat(TrialOrder.of(2, null))
        .extracting(TrialOrder.Slot::side)
        .containsExactly("A", "B", "B", "A");
    assertThat(TrialOrder.of(3, null))
        .extracting(TrialOrder.Slot::number)
        .containsExactly(1, 1, 2, 2, 3, 3);
  }

  @Test
  void aRevisionThatDoesNotExistIsAnErrorNamingTheSideBeforeAnyTrial() {
    Assumptions.assumeTrue(Files.isDirectory(project.resolve(".git")), "a git checkout");
    int status =
        run("--out", out.toString(), "git:HEAD", "git:no-such-branch-anywhere", "--", "-Dtest=X");
    assertThat(status).isEqualTo(AbCommand.ERROR);
    assertThat(errors())
        .contains("side B (git:no-such-branch-anywhere): there is no revision")
        .contains("give a commit, branch or tag");
    assertThat(out.resolve("trials")).isEmptyDirectory();
  }

  @Test
  void aLanceVersionThatCannotBeResolvedIsAnErrorNamingTheSide() {
    Assumptions.assumeTrue(Files.isDirectory(project.resolve(".git")), "a git checkout");
    int status = run("--out", out.toString(), "lance:0.0.0-none", "git:HEAD", "--", "-Dtest=X");
    assertThat(status).isEqualTo(AbCommand.ERROR);
    assertThat(errors())
        .contains("side A (lance:0.0.0-none) cannot be built")
        .contains("lance-core")
        .contains("build-A.log");
    assertThat(out.resolve("trials")).isEmptyDirectory();
  }
}
