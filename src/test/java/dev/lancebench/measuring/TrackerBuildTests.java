package dev.lancebench.measuring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker's build script on a machine without a C compiler: the build goes on, and says why.
 */
@EnabledOnOs(OS.LINUX)
class TrackerBuildTests {
  @TempDir Path dir;

  @Test
  void withoutACompilerTheReasonIsWrittenAndTheRunSaysIt() throws Exception {
    // a PATH with the script's few tools and no cc, gcc or clang
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String tool : List.of("uname", "mkdir", "rm", "cat", "dirname", "mv")) {
      Path real =
          Files.exists(Path.of("/usr/bin", tool))
              ? Path.of("/usr/bin", tool)
              : Path.of("/bin", tool);
      Files.createSymbolicLink(bin.resolve(tool), real);
    }
    Path out = dir.resolve("native");
    ProcessBuilder build =
        new ProcessBuilder(
                "/bin/sh", Path.of("src/main/native/build.sh").toString(), out.toString())
            .redirectErrorStream(true);
    build.environment().put("PATH", bin.toString());
    build.environment().remove("CC");
    Process process = build.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(out.resolve("liblancebench_memtrack.so")).doesNotExist();
    assertThat(out.resolve("memtrack.unavailable"))
        .content()
        .contains("no C compiler found", "install gcc");
    assertThat(
            NativeAllocationTracker.whyUnavailable(
                Map.of(), Optional.of(out.resolve("liblancebench_memtrack.so").toString())))
        .startsWith("Memory tracking not available: no C compiler found");
  }
}
