package dev.lancebench.measuring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The C tracker, built by this build, preloaded into a child JVM and checked on known patterns. */
@EnabledOnOs(OS.LINUX)
class NativeAllocationTrackerTests {
  static final long MIB = 1L << 20;

  static Path library() {
    Optional<Path> library = ChildJvm.trackerLibrary();
    assumeTrue(library.isPresent(), ChildJvm::whyNoLibrary);
    return library.get();
  }

  @Test
  void countsAKnownPatternFromFourThreadsExactly() throws Exception {
    ChildJvm child = ChildJvm.run(Optional.of(library()), TrackerProbe.class, "pattern");
    assertThat(child.exitCode).as(child.output).isZero();
    Map<String, Long> v = child.values();

    // per-thread totals see only the pattern: exact
    assertThat(v.get("thread_allocations")).isEqualTo(1_000);
    assertThat(v.get("thread_frees")).isEqualTo(1_000);
    long usable = v.get("thread_bytes_allocated") / 1_000;
    assertThat(v.get("thread_bytes_allocated")).isEqualTo(usable * 1_000);
    assertThat(usable).as("usable size of a 1 MiB block").isBetween(MIB, MIB + 8 * 1024);
    assertThat(v.get("thread_bytes_freed")).isEqualTo(v.get("thread_bytes_allocated"));

    // process-wide counters also see the JVM's own threads: the pattern plus a little, or minus a
    // little: a JVM thread freeing a block it allocated before the reset lowers the net new bytes
    // (seen: 1.8 MiB below 1000 MiB), which is what the reset semantics define
    assertThat(v.get("allocations")).isBetween(1_000L, 1_000L + 2_000);
    assertThat(v.get("peak")).isBetween(1_000 * MIB - 16 * MIB, 1_000 * MIB + 64 * MIB);
    assertThat(v.get("current_held")).isBetween(1_000 * MIB - 16 * MIB, 1_000 * MIB + 64 * MIB);
    assertThat(v.get("current_after_free")).isBetween(0L, 64 * MIB);
    assertThat(v.get("peak_after_free")).isGreaterThanOrEqualTo(v.get("peak"));
  }

  @Test
  void countsFileIoOnTheWatchedFolderOnlyExactly(@TempDir Path folder) throws Exception {
    ChildJvm child =
        ChildJvm.run(Optional.of(library()), TrackerProbe.class, "files", folder.toString());
    assertThat(child.exitCode).as(child.output).isZero();
    Map<String, Long> v = child.values();
    // the file under the watched folder: 3 writes of 1,000 bytes, 4 reads (800, 800, 800, 600);
    // the same calls on the file beside the folder are not counted
    assertThat(v.get("write_ops")).isEqualTo(3);
    assertThat(v.get("write_bytes")).isEqualTo(3_000);
    assertThat(v.get("read_ops")).isEqualTo(4);
    assertThat(v.get("read_bytes")).isEqualTo(3_000);
  }

  @Test
  void freesOfBlocksFromBeforeTheResetNeverDriveCurrentBelowZero() throws Exception {
    ChildJvm child = ChildJvm.run(Optional.of(library()), TrackerProbe.class, "reset");
    assertThat(child.exitCode).as(child.output).isZero();
    Map<String, Long> v = child.values();

    assertThat(v.get("frees")).isGreaterThanOrEqualTo(10);
    assertThat(v.get("bytes_freed")).isGreaterThanOrEqualTo(100 * MIB);
    // 100 MiB freed that were never counted: current stays at the floor, not at -100 MiB
    assertThat(v.get("current_after_old_frees")).isBetween(0L, 4 * MIB);
    assertThat(v.get("peak_after_old_frees")).isBetween(0L, 4 * MIB);
    assertThat(v.get("current_after_fresh")).isGreaterThanOrEqualTo(MIB);
    assertThat(v.get("peak_after_fresh")).isGreaterThanOrEqualTo(MIB);
  }

  @Test
  void withoutThePreloadTheTrackerIsNotFound() throws Exception {
    ChildJvm child = ChildJvm.run(Optional.empty(), TrackerProbe.class, "pattern");

    assertThat(child.exitCode).isNotZero();
    assertThat(child.output).contains("tracker not loaded in the child JVM");
  }
}
