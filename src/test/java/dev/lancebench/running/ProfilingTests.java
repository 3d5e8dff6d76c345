package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lancebench.datasets.basic.BasicDataset;
import dev.lancebench.measuring.Profiler;
import dev.lancebench.settings.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** bench.profile through the extension, on a real scan of a small real dataset. */
class ProfilingTests {
  @TempDir static Path data;
  @TempDir Path out;

  static Map<String, String> config(String... more) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put(Settings.DATA.key(), data.toString());
    config.put(BasicDataset.ROWS_SETTING.key(), "200000");
    for (int i = 0; i < more.length; i += 2) {
      config.put(more[i], more[i + 1]);
    }
    return config;
  }

  @Test
  @EnabledOnOs(value = {OS.LINUX, OS.MAC})
  void aCpuProfileOfAScanShowsItsFramesAndStaysOutOfBmf() throws Exception {
    BenchRun run =
        BenchRun.of(
            out, config(Settings.PROFILE.key(), "cpu"), BenchFixtures.ProfiledScanTestCase.class);
    run.results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

    Path profile = out.resolve("profiles/ProfiledScanTestCase.integersColumn.cpu.html");
    assertThat(profile).isRegularFile();
    List<String> frames = frames(Files.readString(profile, StandardCharsets.UTF_8));
    // frames of the workload: lance-core's, Java or Rust (the shipped library is not stripped, so
    // its Rust frames carry names). CPU samples land where the work is, Lance's native threads;
    // the Java thread waiting on them shows in a wall-clock profile (next test).
    assertThat(frames)
        .anyMatch(f -> f.startsWith("org/lance/") || f.contains("lance::") || f.contains("lance_"));
    JsonNode result = run.benchmark("ProfiledScanTestCase.integersColumn");
    assertThat(result.get("profile").asText()).isEqualTo(profile.toAbsolutePath().toString());
    assertThat(run.resultsJson().at("/metadata/profiled").asText()).isEqualTo("cpu");
    assertThat(run.console).contains("Profile (cpu): " + profile.toAbsolutePath());
    // a profiled run never lands in Bencher's history unless asked
    assertThat(run.bmf().size()).isZero();
    assertThat(run.console)
        .contains("bmf.json holds no results (-Dbench.profile.bmf=true keeps them)");
  }

  /**
   * The frame names of async-profiler's HTML flame graph: its {@code cpool} lists them sorted,
   * after the first, each one's first character saying how many characters it shares with the one
   * before.
   */
  static List<String> frames(String html) {
    int start = html.indexOf("const cpool = [");
    assertThat(start).as("a flame graph with a frame pool").isNotNegative();
    List<String> names = new ArrayList<>();
    String previous = "";
    Matcher entry =
        Pattern.compile("^'((?:[^'\\\\]|\\\\.)*)',?$", Pattern.MULTILINE)
            .matcher(html.substring(start, html.indexOf("];", start)));
    while (entry.find()) {
      String text = entry.group(1).replace("\\'", "'").replace("\\\\", "\\");
      if (names.isEmpty()) {
        previous = text; // the root, "all", is written whole
      } else {
        int shared = text.charAt(0) - ' ';
        previous = previous.substring(0, Math.min(shared, previous.length())) + text.substring(1);
      }
      names.add(previous);
    }
    return names;
  }

  @Test
  @EnabledOnOs(value = {OS.LINUX, OS.MAC})
  void aProfiledRunKeepsItsResultsInBmfWhenAsked() throws Exception {
    BenchRun run =
        BenchRun.of(
            out,
            config(Settings.PROFILE.key(), "wall", Settings.PROFILE_BMF.key(), "true"),
            BenchFixtures.ProfiledScanTestCase.class);
    run.results.testEvents().assertStatistics(s -> s.succeeded(1));
    assertThat(run.bmf().has("ProfiledScanTestCase.integersColumn")).isTrue();
    Path profile = out.resolve("profiles/ProfiledScanTestCase.integersColumn.wall.html");
    List<String> frames = frames(Files.readString(profile, StandardCharsets.UTF_8));
    // wall clock samples every thread, running or waiting: the benchmark's own thread is there,
    // in the suite's scan and, under it, lance-core's Java side or the Arrow C stream it returns
    assertThat(frames).anyMatch(f -> f.startsWith("dev/lancebench/running/LanceScans.scan"));
    assertThat(frames)
        .anyMatch(f -> f.startsWith("org/lance/") || f.startsWith("org/apache/arrow/c/"));
  }

  @Test
  @EnabledOnOs(value = {OS.LINUX, OS.MAC})
  void theProfilersOwnOptionsCanAskForCollapsedStacks() throws Exception {
    BenchRun run =
        BenchRun.of(
            out,
            config(Settings.PROFILE.key(), "event=itimer,collapsed"),
            BenchFixtures.ProfiledScanTestCase.class);
    run.results.testEvents().assertStatistics(s -> s.succeeded(1));
    Path profile = out.resolve("profiles/ProfiledScanTestCase.integersColumn.itimer.collapsed.txt");
    List<String> stacks = Files.readAllLines(profile, StandardCharsets.UTF_8);
    // one line per stack: frames joined by ';', then the samples
    assertThat(stacks).isNotEmpty().allMatch(line -> line.matches(".+ \\d+"));
    assertThat(stacks).anyMatch(line -> line.contains("dev/lancebench/running/LanceScans.scan"));
  }

  @Test
  void anUnprofiledRunWritesNoProfile() throws Exception {
    BenchRun run = BenchRun.of(out, config(), BenchFixtures.ProfiledScanTestCase.class);
    run.results.testEvents().assertStatistics(s -> s.succeeded(1));
    assertThat(out.resolve("profiles")).doesNotExist();
    assertThat(run.benchmark("ProfiledScanTestCase.integersColumn").has("profile")).isFalse();
    assertThat(run.resultsJson().at("/metadata").has("profiled")).isFalse();
    assertThat(run.bmf().has("ProfiledScanTestCase.integersColumn")).isTrue();
  }

  @Test
  void theSettingReadsEventsListsAndTheProfilersOwnOptions() {
    assertThat(Profiler.plan("cpu"))
        .isEqualTo(new Profiler.Plan("cpu", "event=cpu", "html", Set.of("cpu")));
    assertThat(Profiler.plan("nativemem").options()).isEqualTo("nativemem");
    assertThat(Profiler.plan("alloc").options()).isEqualTo("alloc");
    Profiler.Plan several = Profiler.plan("cpu,alloc,lock");
    assertThat(several.description()).isEqualTo("cpu+alloc+lock");
    assertThat(several.options()).isEqualTo("event=cpu,alloc,lock,jfr");
    assertThat(several.extension()).isEqualTo("jfr");
    assertThat(Profiler.plan("event=cpu,interval=1ms").options())
        .isEqualTo("event=cpu,interval=1ms");
    assertThat(Profiler.plan("event=cpu,collapsed").extension()).isEqualTo("collapsed.txt");
    assertThat(Profiler.plan("nativemem=1m,collapsed").description()).isEqualTo("nativemem");
    Profiler.Plan collapsed = Profiler.plan("nativemem,collapsed");
    assertThat(collapsed.options()).isEqualTo("nativemem,collapsed");
    assertThat(collapsed.extension()).isEqualTo("collapsed.txt");
    assertThatThrownBy(() -> Profiler.plan("cpu,alloc,collapsed"))
        .hasMessageContaining("only as jfr");
    assertThatThrownBy(() -> Profiler.plan("collapsed")).hasMessageContaining("no event");
    assertThatThrownBy(() -> Profiler.plan("cycles"))
        .hasMessageContaining("unknown event 'cycles'");
    assertThatThrownBy(() -> Profiler.plan("event=cpu,file=x.html")).hasMessageContaining("file=");
    assertThat(Profiler.outputFor(Path.of("p"), "A.b[x/y: z]", Profiler.plan("cpu")))
        .isEqualTo(Path.of("p", "A.b[x_y__z].cpu.html"));
  }
}
