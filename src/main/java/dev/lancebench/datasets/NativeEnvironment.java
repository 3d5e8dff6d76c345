package dev.lancebench.datasets;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Optional;

/**
 * The process's own environment as native code sees it ({@code getenv}/{@code setenv} of libc):
 * Java's {@code System.getenv} is a copy taken at start, but lance-core's native code reads some
 * variables when it plans a query ({@code LANCE_MEM_POOL_SIZE}), as upstream's benchmarks set them
 * for one module with pytest's monkeypatch. POSIX only.
 */
public final class NativeEnvironment {
  interface C extends Library {
    String getenv(String name);

    int setenv(String name, String value, int overwrite);

    int unsetenv(String name);
  }

  private static volatile C libc;

  private NativeEnvironment() {}

  public static Optional<String> get(String name) {
    return Optional.ofNullable(libc().getenv(name));
  }

  /**
   * Sets {@code name} to {@code value} (or removes it when empty) and returns what it was, to be
   * given back to {@link #restore}. Not safe against another thread reading the environment at that
   * moment: call it between benchmarks, not inside one.
   */
  public static Optional<String> set(String name, Optional<String> value) {
    Optional<String> before = get(name);
    int rc = value.isPresent() ? libc().setenv(name, value.get(), 1) : libc().unsetenv(name);
    if (rc != 0) {
      throw new IllegalStateException(
          "setting "
              + name
              + " in the process environment failed (errno "
              + Native.getLastError()
              + ")");
    }
    return before;
  }

  public static void restore(String name, Optional<String> before) {
    set(name, before);
  }

  private static C libc() {
    C c = libc;
    if (c == null) {
      c = Native.load("c", C.class);
      libc = c;
    }
    return c;
  }
}
