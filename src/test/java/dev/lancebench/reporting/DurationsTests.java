package dev.lancebench.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lancebench.measuring.BenchResult;
import dev.lancebench.measuring.MeasurementSettings;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each case cost, read from a journal of fixed lines, and the durations file's round trip. */
class DurationsTests {
  @TempDir Path temp;

  private static String result(String name, long pid, long at, String datasets, double making)
      throws Exception {
    BenchResult result =
        BenchResult.unmeasured(
            name, BenchResult.Status.PASSED, new MeasurementSettings(0, 1, 1), null);
    return "{\"type\":\"result\",\"result\":"
        + RunJournal.MAPPER.writeValueAsString(result)
        + ",\"pid\":"
        + pid
        + ",\"datasets\":"
        + datasets
        + ",\"generating_seconds\":"
        + making
        + ",\"at\":"
        + at
        + "}";
  }

  @Test
  void aCaseCostsFromTheEndOfTheOneBeforeItInItsJvmOrFromTheJvmsStart() throws Exception {
    Path file = temp.resolve(RunJournal.FILE);
    Files.write(
        file,
        List.of(
            "{\"type\":\"run\",\"run_id\":\"r\",\"started\":\"2026-12-01T10:00:00Z\",\"at\":1000}",
            "{\"type\":\"jvm\",\"pid\":1,\"jvm_started_at\":1000,\"at\":3000}",
            result("A.first", 1, 13_000, "[\"basic\"]", 4.5),
            result("A.second", 1, 14_500, "[\"basic\"]", 0),
            // the next class's JVM: its first case carries that JVM's start
            "{\"type\":\"jvm\",\"pid\":2,\"jvm_started_at\":20000,\"at\":21000}",
            result("B.only", 2, 26_000, "[]", 0),
            "{\"type\":\"datasets\",\"datasets\":{\"basic\":{\"rows\":10,\"generated_seconds\":4.5,"
                + "\"disk_bytes\":100}},\"at\":26500}",
            // a later JVM finds the dataset made: what the first knew of its cost stays
            "{\"type\":\"datasets\",\"datasets\":{\"basic\":{\"rows\":10,\"disk_bytes\":120}},"
                + "\"at\":27000}"));
    RunJournal.Contents contents = RunJournal.reading(file).read();
    assertThat(contents.caseTimes())
        .containsEntry("A.first", new CaseTime(12.0, 4.5, List.of("basic")))
        .containsEntry("A.second", new CaseTime(1.5, 0, List.of("basic")))
        .containsEntry("B.only", new CaseTime(6.0, 0, List.of()));
    assertThat(contents.datasets().get("basic"))
        .containsEntry("generated_seconds", 4.5)
        .containsEntry("disk_bytes", 120);
    assertThat(contents.caseTimes().get("A.first").ownSeconds()).isEqualTo(7.5);
  }

  @Test
  void theDurationsFileReadsBackAndALaterRecordingWinsCaseByCase() throws Exception {
    Durations first =
        new Durations(
            List.of(Map.of("cores", 2, "default_sizes", true)),
            Map.of(
                "A.one", new CaseTime(10.04, 2, List.of("basic")),
                "A.two", new CaseTime(3, 0, List.of())),
            Map.of("basic", new Durations.DatasetCost(Optional.of(2.0), Optional.of(100L))));
    Path file = temp.resolve(Durations.FILE);
    try (OutputStream out = Files.newOutputStream(file)) {
      first.write(out);
    }
    Durations read = Durations.load(file);
    assertThat(read.cases().get("A.one")).isEqualTo(new CaseTime(10.0, 2, List.of("basic")));
    assertThat(read.datasets()).isEqualTo(first.datasets());
    assertThat(read.recordedCores()).contains(2);
    assertThat(read.atDefaultSizes()).isTrue();

    Durations later =
        new Durations(
            List.of(Map.of("cores", 4, "default_sizes", true)),
            Map.of("A.two", new CaseTime(5, 0, List.of())),
            Map.of("basic", new Durations.DatasetCost(Optional.empty(), Optional.of(120L))));
    Durations both = read.with(later);
    assertThat(both.cases().get("A.two").wallSeconds()).isEqualTo(5.0);
    assertThat(both.cases().get("A.one").wallSeconds()).isEqualTo(10.0);
    assertThat(both.datasets().get("basic"))
        .isEqualTo(new Durations.DatasetCost(Optional.of(2.0), Optional.of(120L)));
    assertThat(both.recorded()).hasSize(2);

    assertThat(Durations.load(temp.resolve("none.json")).isEmpty()).isTrue();
    Files.writeString(temp.resolve("bad.json"), "{\"format_version\": 99}");
    assertThatThrownBy(() -> Durations.load(temp.resolve("bad.json")))
        .hasMessageContaining("bad.json")
        .hasMessageContaining("bench.durations");
  }
}
