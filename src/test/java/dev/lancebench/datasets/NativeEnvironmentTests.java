package dev.lancebench.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.measuring.ChildJvm;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The process environment as lance-core's native code reads it: {@code LANCE_MEM_POOL_SIZE} set in
 * the running JVM before its first Lance query decides what a merge's hash join may use (Lance
 * resolves it once, on first use, so this is tested in fresh JVMs).
 */
@EnabledOnOs(OS.LINUX)
class NativeEnvironmentTests {
  static final String NAME = "LANCE_BENCH_TEST_VARIABLE";

  @Test
  void aVariableSetNativelyIsReadNativelyAndRestored() {
    Optional<String> before = NativeEnvironment.set(NAME, Optional.of("42"));
    try {
      assertThat(before).isEmpty();
      assertThat(NativeEnvironment.get(NAME)).contains("42");
    } finally {
      NativeEnvironment.restore(NAME, before);
    }
    assertThat(NativeEnvironment.get(NAME)).isEmpty();
  }

  @Test
  void aPoolSetAtRunTimeDecidesWhetherAnIndexedMergeFits() throws Exception {
    ChildJvm tiny = ChildJvm.run(Optional.empty(), MemoryPoolProbe.class, "4096");
    assertThat(tiny.output).contains("failed: ").contains("Resources exhausted");
    ChildJvm large = ChildJvm.run(Optional.empty(), MemoryPoolProbe.class, Long.toString(1L << 30));
    assertThat(large.output).contains("updated " + MemoryPoolProbe.ROWS);
  }
}
