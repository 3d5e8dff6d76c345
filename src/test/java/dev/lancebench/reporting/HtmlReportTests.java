package dev.lancebench.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report opened in a real browser (headless Chromium): no script error, and every chart
 * drew (each canvas has pixels), for a run with and without a comparison. A screenshot of each is
 * left in target/html-report-tests for a person to look at.
 *
 * <p>Without a Chromium on the machine the test is skipped with the reason, unless {@code
 * BENCH_REQUIRE_BROWSER} is set (the CI script installs Debian's chromium and sets it).
 */
class HtmlReportTests {
  @TempDir Path dir;

  static final Path SCREENSHOTS = Path.of("target/html-report-tests");

  @Test
  void aRunWithoutAComparisonDrawsItsDistributions() throws Exception {
    Path html = write(ReportFormatsTests.report(), "plain.html");
    Page page = open(html, "plain.png");
    page.assertNoScriptError();
    // two benchmark classes with latency (HarnessBenchmarks, SearchBenchmarks): a chart each
    assertThat(page.attribute("data-charts")).isEqualTo("2");
    assertThat(page.attribute("data-canvases-drawn")).isEqualTo(page.attribute("data-canvases"));
    assertThat(Integer.parseInt(page.attribute("data-canvases"))).isGreaterThanOrEqualTo(2);
    page.assertHas("SearchBenchmarks.basicBtreeSearch[small_strings-none]");
    page.assertHas("<div id=\"comparison-section\" style=\"display:none\">");
  }

  @Test
  void aComparedRunDrawsTheRatiosRegressionsFirst() throws Exception {
    Path html = write(ComparisonTests.compared(dir), "compared.html");
    Page page = open(html, "compared.png");
    page.assertNoScriptError();
    // the ratio chart and one distribution chart per class
    assertThat(page.attribute("data-charts")).isEqualTo("3");
    assertThat(page.attribute("data-canvases-drawn")).isEqualTo(page.attribute("data-canvases"));
    page.assertHas("Baseline: before (commit 0123456789 on main)");
    page.assertHas("In the baseline, not in this run (1): SearchBenchmarks.retired");
    // the table's cell carries the change's text, not only its colour
    page.assertHas("<span class=\"better\" title=\"baseline 2.9 MiB\"> \u221221.3 %</span>");
  }

  @Test
  void aRunComparedWithSeveralBaselineRunsDrawsWhereTheirRunsFall() throws Exception {
    ComparisonTests.compared(dir); // saves before.json
    // a second baseline run, every sample 10 % slower
    Path first = dir.resolve("before.json");
    var tree = (ObjectNode) Json.MAPPER.readTree(first.toFile());
    for (var benchmark : tree.get("benchmarks")) {
      var samples = benchmark.path("measured").path("samplesNanos");
      if (samples.isArray()) {
        var array = (ArrayNode) samples;
        for (int i = 0; i < array.size(); i++) {
          array.set(i, Json.number(Math.round(array.get(i).asLong() * 1.1)));
        }
      }
    }
    Path second = dir.resolve("before-2.json");
    Json.MAPPER.writeValue(second.toFile(), tree);
    RunReport report =
        ReportFormatsTests.report()
            .comparedWith(List.of(Baseline.load(first), Baseline.load(second)), 0.01, 3);
    Page page = open(write(report, "runs.html"), "runs.png");
    page.assertNoScriptError();
    assertThat(page.attribute("data-canvases-drawn")).isEqualTo(page.attribute("data-canvases"));
    page.assertHas("Baseline: before, before-2 (2 runs;");
    // the compared benchmark's band of where runs of the baseline fall was drawn
    assertThat(page.attribute("data-run-bands")).isEqualTo("1");
  }

  @Test
  void theReportNeedsNoNetwork() throws IOException {
    String html = Files.readString(write(ComparisonTests.compared(dir), "offline.html"));
    // everything inline: no script, style or image is fetched from anywhere
    assertThat(html).doesNotContainPattern("<script[^>]+src=");
    assertThat(html).doesNotContainPattern("<link[^>]+href=");
    assertThat(html).doesNotContainPattern("(src|href)=\"https?:");
    assertThat(html).contains("echarts");
  }

  private Path write(RunReport report, String name) throws IOException {
    Path html = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(html)) {
      new HtmlFormat().write(report, out);
    }
    return html;
  }

  /** The DOM as the browser left it after the page's scripts ran. */
  record Page(String dom) {
    /** Without printing the whole page (it inlines the chart library) when it fails. */
    void assertHas(String text) {
      if (!dom.contains(text)) {
        fail("the page has no " + text);
      }
    }

    String attribute(String name) {
      Matcher m =
          Pattern.compile("<html[^>]*\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(dom);
      if (!m.find()) {
        fail(
            "the page did not set "
                + name
                + " (its script did not finish). The DOM begins:\n"
                + dom.substring(0, Math.min(2000, dom.length())));
      }
      return m.group(1);
    }

    void assertNoScriptError() {
      assertThat(attribute("data-ready")).isEqualTo("true");
      Matcher errors = Pattern.compile("<html[^>]*\\sdata-errors=\"([^\"]*)\"").matcher(dom);
      if (errors.find()) {
        fail("the report hit script errors: " + errors.group(1));
      }
    }
  }

  static Page open(Path html, String screenshot) throws Exception {
    Path browser = browser();
    Path profile = Files.createTempDirectory("report-browser");
    List<String> common =
        List.of(
            browser.toString(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + profile,
            "--window-size=1400,1800",
            "--virtual-time-budget=5000");
    List<String> dump = new ArrayList<>(common);
    dump.add("--dump-dom");
    dump.add(html.toUri().toString());
    String dom = run(dump);
    Files.createDirectories(SCREENSHOTS);
    List<String> shot = new ArrayList<>(common);
    shot.add("--screenshot=" + SCREENSHOTS.resolve(screenshot).toAbsolutePath());
    shot.add(html.toUri().toString());
    run(shot);
    return new Page(dom);
  }

  private static String run(List<String> command) throws Exception {
    Path output = Files.createTempFile("browser", ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(output.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("the browser did not finish in 120 s: " + String.join(" ", command));
    }
    String out = Files.readString(output, StandardCharsets.UTF_8);
    Files.deleteIfExists(output);
    assertThat(process.exitValue()).as("the browser's exit status").isZero();
    return out;
  }

  /** Chromium from BENCH_BROWSER, else the first chromium/chrome on the PATH. */
  static Path browser() {
    Optional<Path> found =
        Optional.ofNullable(System.getenv("BENCH_BROWSER"))
            .map(Path::of)
            .filter(Files::isExecutable);
    if (found.isEmpty()) {
      String path = System.getenv().getOrDefault("PATH", "");
      found =
          Stream.of(path.split(File.pathSeparator))
              .flatMap(
                  folder ->
                      Stream.of("chromium", "chromium-browser", "google-chrome")
                          .map(name -> Path.of(folder, name)))
              .filter(Files::isExecutable)
              .findFirst();
    }
    boolean required = System.getenv("BENCH_REQUIRE_BROWSER") != null;
    if (found.isEmpty() && required) {
      fail(
          "BENCH_REQUIRE_BROWSER is set and no Chromium was found: install Debian's chromium "
              + "(apt-get install chromium) or point BENCH_BROWSER at a Chromium or Chrome.");
    }
    assumeTrue(
        found.isPresent(),
        "no Chromium on the PATH: the HTML report's browser test needs one (apt-get install "
            + "chromium, or BENCH_BROWSER=/path/to/chrome)");
    return found.get();
  }
}
