package dev.lancebench.measuring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How busy the machine was, read from fixed /proc texts and judged on fixed figures. */
class MachineLoadTests {
  static final String STAT =
      "cpu  1000 10 500 90000 200 5 15 30 0 0\n"
          + "cpu0 500 5 250 45000 100 2 7 15 0 0\n"
          + "intr 1 2 3\n";
  static final String SELF =
      "4242 (java thread (x)) S 1 4242 4242 0 -1 4194560 1000 0 0 0 300 100 0 0 20 0 40 0\n";

  @Test
  void busyTicksAreUserNiceSystemIrqAndSoftirqStealApart() {
    long[] all = MachineLoadProbe.busyAndSteal(STAT);
    assertThat(all[0]).isEqualTo(1000 + 10 + 500 + 5 + 15);
    assertThat(all[1]).isEqualTo(30);
  }

  @Test
  void theProcessTicksAreUtimePlusStimeEvenWithParenthesesInItsName() {
    assertThat(MachineLoadProbe.ownTicks(SELF)).isEqualTo(400);
  }

  @Test
  void otherProcessesAreWhatTheCpusDidThatThisProcessDidNot(@TempDir Path dir) throws IOException {
    Path stat = dir.resolve("stat");
    Path self = dir.resolve("self");
    AtomicLong clock = new AtomicLong();
    MachineLoadProbe probe = new MachineLoadProbe(stat, self, clock::get, 100, 2);
    Files.writeString(stat, STAT);
    Files.writeString(self, SELF);
    MachineLoadProbe.Window window = probe.start();
    // two seconds later: the CPUs were busy 400 ticks more, 120 of them this process's; 20 stolen
    Files.writeString(stat, "cpu  1400 10 500 90100 200 5 15 50 0 0\n");
    Files.writeString(self, SELF.replace(" 300 100 ", " 400 120 "));
    clock.set(2_000_000_000L);
    MachineLoad load = window.stop();
    assertThat(load.seconds()).isEqualTo(2.0);
    assertThat(load.otherCores()).isCloseTo(280 / 200.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(load.stealCores()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(load.busy()).isTrue();
    assertThat(load.describe()).isEqualTo("other processes used 1.4 cores of 2");
  }

  @Test
  void halfACoreOrLessIsNotBusyAndATooShortWindowIsNotJudged() {
    assertThat(new MachineLoad(5, 0.5, 0, 2).busy()).isFalse();
    assertThat(new MachineLoad(5, 0.51, 0, 2).busy()).isTrue();
    assertThat(new MachineLoad(5, 0.1, 0.8, 2).busy()).isTrue();
    assertThat(new MachineLoad(5, 0.1, 0.8, 2).describe()).contains("0.8 cores stolen");
    assertThat(new MachineLoad(0.05, 1.9, 0, 2).busy()).isFalse();
  }

  @Test
  void aProcStatWithoutItsCpuLineIsAnError() {
    assertThatThrownBy(() -> MachineLoadProbe.busyAndSteal("intr 1 2 3\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'cpu' line");
  }
}
