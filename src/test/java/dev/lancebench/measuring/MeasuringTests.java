package dev.lancebench.measuring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeasuringTests {

  @Test
  void timingStatisticsOfKnownSamples() {
    List<Long> samples = new ArrayList<>();
    for (long i = 1; i <= 100; i++) {
      samples.add(i);
    }
    TimingStatistics stats = TimingStatistics.of(samples);

    assertThat(stats.n()).isEqualTo(100);
    assertThat(stats.min()).isEqualTo(1);
    assertThat(stats.max()).isEqualTo(100);
    assertThat(stats.mean()).isEqualTo(50.5);
    assertThat(stats.median()).isEqualTo(50.5);
    assertThat(stats.stddev()).isCloseTo(29.011, within(0.001));
    assertThat(stats.ci999Lower()).isLessThan(50.5);
    assertThat(stats.ci999Upper()).isGreaterThan(50.5);
  }

  @Test
  void oneSampleHasNoConfidenceInterval() {
    TimingStatistics stats = TimingStatistics.of(List.of(7L));

    assertThat(stats.median()).isEqualTo(7);
    assertThat(stats.ci999Lower()).isNull();
    assertThat(stats.ci999Upper()).isNull();
  }

  @Test
  void procSelfIoIsParsed() {
    long[] values = new long[5];
    ProcSelfIoSource.parse(
        "rchar: 1200\nwchar: 34\nsyscr: 5\nsyscw: 2\nread_bytes: 4096\nwrite_bytes: 0\n"
            + "cancelled_write_bytes: 0\n",
        values);

    assertThat(values).containsExactly(5, 1200, 2, 34, 4096);
  }

  @Test
  void measureSummaryOverRounds() {
    MeasureSummary summary = MeasureSummary.of(List.of(2.0, 4.0, 9.0));

    assertThat(summary.mean()).isEqualTo(5.0);
    assertThat(summary.min()).isEqualTo(2.0);
    assertThat(summary.max()).isEqualTo(9.0);
    assertThat(summary.rounds()).isEqualTo(3);
  }
}
