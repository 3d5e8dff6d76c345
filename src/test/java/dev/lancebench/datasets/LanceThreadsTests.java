package dev.lancebench.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * One Lance compute thread stalls a full-text index build: the launchers raise a given value below
 * two with a warning, and a JVM that would still have one is refused before the build.
 */
class LanceThreadsTests {
  @Test
  void oneComputeThreadIsNamedWithTheFix() {
    assertThat(LanceThreads.whyInvertedBuildStalls(Map.of("LANCE_CPU_THREADS", "1"), 16))
        .hasValueSatisfying(why -> assertThat(why).contains("LANCE_CPU_THREADS=1"));
    assertThat(LanceThreads.whyInvertedBuildStalls(Map.of("LANCE_CPU_THREADS", "0"), 16))
        .isPresent();
    // unset: Lance's default is one per core less two, at least one
    assertThat(LanceThreads.whyInvertedBuildStalls(Map.of(), 2))
        .hasValueSatisfying(why -> assertThat(why).contains("not set").contains("2 cores"));
    assertThat(LanceThreads.whyInvertedBuildStalls(Map.of("LANCE_IO_CORE_RESERVATION", "0"), 2))
        .isEmpty();
    assertThat(LanceThreads.whyInvertedBuildStalls(Map.of(), 8)).isEmpty();
    assertThat(LanceThreads.whyInvertedBuildStalls(Map.of("LANCE_CPU_THREADS", "2"), 2)).isEmpty();
  }

  /** The java every test and benchmark JVM and datagen start through. */
  static String wrapperSees(String given) throws Exception {
    ProcessBuilder wrapper =
        new ProcessBuilder(Path.of("src/main/sh/fork/bin/java").toString(), "LANCE_CPU_THREADS");
    wrapper.environment().put("BENCH_JAVA", "printenv"); // the wrapper runs it as the JVM
    wrapper.environment().remove("BENCH_FORKS");
    if (given == null) {
      wrapper.environment().remove("LANCE_CPU_THREADS");
    } else {
      wrapper.environment().put("LANCE_CPU_THREADS", given);
    }
    Process run = wrapper.redirectErrorStream(true).start();
    String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void theLauncherRaisesAGivenValueBelowTwoWithAWarningAndKeepsOthers() throws Exception {
    String raised = wrapperSees("1");
    assertThat(raised).contains("lance-bench: LANCE_CPU_THREADS=1 raised to 2").contains("stalls");
    assertThat(raised.lines()).contains("2");
    assertThat(wrapperSees("3").strip()).isEqualTo("3");
    assertThat(Integer.parseInt(wrapperSees(null).strip())).isGreaterThanOrEqualTo(2);
  }
}
