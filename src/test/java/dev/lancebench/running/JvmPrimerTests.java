package dev.lancebench.running;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.Progress;
import dev.lancebench.datasets.tpch.TpchDataset;
import dev.lancebench.measuring.ChildJvm;
import dev.lancebench.settings.Settings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A benchmark's numbers must not depend on what ran before it in the JVM. Each run here is a fresh
 * JVM, as an IDE's green arrow or {@code -Dtest=} gives: {@code scanSlice[tpch]} alone must read
 * what it reads inside its class's run, where {@code fullScan} ran first.
 */
@EnabledOnOs(OS.LINUX) // the OS read counters are Linux's
class JvmPrimerTests {
  static final String SCANS = "dev.lancebench.benchmarks.ScanBenchmarks";
  static final String SLICE = "ScanBenchmarks.scanSlice[tpch]";

  @TempDir static Path data;

  @BeforeAll
  static void writeTpch() {
    try (BufferAllocator allocator = new RootAllocator();
        Progress progress =
            new Progress(new PrintStream(OutputStream.nullOutputStream()), "tpch", 60_175, false)) {
      new TpchDataset(0.01)
          .ensure(
              new DatasetPlace(data.resolve("tpch.lance").toString(), Map.of(), allocator),
              progress);
    }
  }

  /** The OS read syscalls of scanSlice in a fresh JVM running {@code selection}. */
  static double osReadsOfScanSlice(Path out, boolean prime, String... selection) throws Exception {
    List<String> args = new ArrayList<>();
    args.add(Settings.OUTPUT_DIR.key() + "=" + out);
    args.add(Settings.DATA.key() + "=" + data);
    args.add(TpchDataset.SCALE_FACTOR_SETTING.key() + "=0.01");
    args.add(Settings.PRIME.key() + "=" + prime);
    args.add(Settings.TABLE.key() + "=false");
    args.add(
        "junit.jupiter.testmethod.order.default=org.junit.jupiter.api.MethodOrderer$MethodName");
    args.addAll(List.of(selection));
    ChildJvm child = ChildJvm.run(Optional.empty(), BenchMain.class, args.toArray(String[]::new));
    assertThat(child.exitCode).as(child.output).isZero();
    JsonNode bmf = new ObjectMapper().readTree(out.resolve("bmf.json").toFile());
    JsonNode reads = bmf.at("/" + SLICE + "/os_read_syscalls/value");
    assertThat(reads.isNumber()).as("scanSlice measured: %s", child.output).isTrue();
    return reads.asDouble();
  }

  @Test
  void scanSliceAloneReadsWhatItReadsAfterOtherBenchmarks(@TempDir Path out) throws Exception {
    double inSuite = osReadsOfScanSlice(out.resolve("suite"), true, "class:" + SCANS);
    double alone =
        osReadsOfScanSlice(
            out.resolve("alone"),
            true,
            "method:" + SCANS + "#scanSlice(java.lang.String, dev.lancebench.running.Bench)");
    double unprimed =
        osReadsOfScanSlice(
            out.resolve("unprimed"),
            false,
            "method:" + SCANS + "#scanSlice(java.lang.String, dev.lancebench.running.Bench)");

    System.out.printf(
        "scanSlice[tpch] OS reads: in its class's run %.0f, alone %.0f, alone unprimed %.0f%n",
        inSuite, alone, unprimed);
    assertThat(alone).isCloseTo(inSuite, Offset.offset(Math.max(10, inSuite * 0.2)));
    // the comparison can fail: without the primer, class loading lands in the measurement
    assertThat(unprimed).isGreaterThan(alone + 100);
  }
}
