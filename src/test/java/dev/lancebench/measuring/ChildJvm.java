package dev.lancebench.measuring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts a JVM on this test's class path, optionally with the allocation tracker preloaded, and
 * collects what it prints. The library is the one the build made (the {@code
 * bench.memtrack.library} property the build sets).
 */
public final class ChildJvm {
  public final int exitCode;
  public final String output;

  private ChildJvm(int exitCode, String output) {
    this.exitCode = exitCode;
    this.output = output;
  }

  public static Optional<Path> trackerLibrary() {
    return Optional.ofNullable(System.getProperty(NativeAllocationTracker.LIBRARY_PROPERTY))
        .map(Path::of)
        .filter(Files::isRegularFile);
  }

  /** Why the tracker could not be built here, for the assumption message of a skipped test. */
  public static String whyNoLibrary() {
    return NativeAllocationTracker.whyUnavailable(
        Map.of(),
        Optional.ofNullable(System.getProperty(NativeAllocationTracker.LIBRARY_PROPERTY)));
  }

  public static ChildJvm run(Optional<Path> preload, Class<?> main, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    // where the build cleans lance-core's extracted native library (the test JVM's own temp folder)
    command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("LD_PRELOAD");
    preload.ifPresent(lib -> builder.environment().put("LD_PRELOAD", lib.toString()));
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("child JVM " + main.getName() + " did not finish in 5 minutes");
    }
    return new ChildJvm(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** The {@code key=value} lines the child printed. */
  public Map<String, Long> values() {
    Map<String, Long> values = new LinkedHashMap<>();
    for (String line : output.split("\\R")) {
      int eq = line.indexOf('=');
      if (line.startsWith("probe.") && eq > 0) {
        values.put(line.substring(6, eq), Long.parseLong(line.substring(eq + 1).trim()));
      }
    }
    return values;
  }
}
