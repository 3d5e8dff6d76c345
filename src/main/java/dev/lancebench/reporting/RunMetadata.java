package dev.lancebench.reporting;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lance.Dataset;

/**
 * Facts about the run that go into results.json, so a number can be traced to where it came from.
 */
public record RunMetadata(
    String lanceCoreVersion,
    String jvm,
    String os,
    int cores,
    Optional<String> gitCommit,
    Optional<String> gitBranch,
    Optional<Boolean> gitDirty,
    Instant started,
    Instant finished,
    String datasetLocation,
    String datasetLocationDecidedBy,
    long seed,
    Map<String, Map<String, Object>> datasets,
    Optional<String> profiled,
    boolean profiledInBmf,
    double injectedSlowdown,
    Map<String, Object> trial) {

  public RunMetadata {
    datasets = Collections.unmodifiableMap(new LinkedHashMap<>(datasets));
    trial = Collections.unmodifiableMap(new LinkedHashMap<>(trial));
  }

  /** The same setup over another span of time, as no single trial: several trials as one run. */
  RunMetadata spanning(Instant from, Instant to) {
    return new RunMetadata(
        lanceCoreVersion,
        jvm,
        os,
        cores,
        gitCommit,
        gitBranch,
        gitDirty,
        from,
        to,
        datasetLocation,
        datasetLocationDecidedBy,
        seed,
        datasets,
        profiled,
        profiledInBmf,
        injectedSlowdown,
        Map.of());
  }

  /**
   * @param datasets per dataset the run used: its URI, rows and size settings
   * @param profiled the profiled events, when the run was profiled (bench.profile)
   * @param profiledInBmf whether a profiled run's results still go to bmf.json
   * @param injectedSlowdown the share added on purpose to every measured invocation (0: none)
   * @param trial the side and number of this run in an A/B's trials (empty: not a trial)
   */
  public static RunMetadata collect(
      Instant started,
      String datasetLocation,
      String decidedBy,
      long seed,
      Map<String, Map<String, Object>> datasets,
      Optional<String> profiled,
      boolean profiledInBmf,
      double injectedSlowdown,
      Map<String, Object> trial) {
    // one git call says the commit, the branch and whether tracked files changed since the commit
    // (untracked ones do not change what was built)
    Optional<String> status = git("status", "--porcelain=v2", "--branch", "--untracked-files=no");
    Optional<String> commit =
        status.flatMap(out -> header(out, "branch.oid")).filter(oid -> oid.matches("[0-9a-f]{40}"));
    return new RunMetadata(
        readLanceCoreVersion(),
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version", System.getProperty("java.version")),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(),
        commit,
        status.flatMap(out -> header(out, "branch.head")),
        commit.isEmpty()
            ? Optional.empty()
            : status.map(out -> out.lines().anyMatch(line -> !line.startsWith("#"))),
        started,
        Instant.now(),
        datasetLocation,
        decidedBy,
        seed,
        datasets,
        profiled,
        profiledInBmf,
        injectedSlowdown,
        trial);
  }

  static String readLanceCoreVersion() {
    try (InputStream in =
        RunMetadata.class
            .getClassLoader()
            .getResourceAsStream("META-INF/maven/org.lance/lance-core/pom.properties")) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        return properties.getProperty("version", "unknown");
      }
    } catch (IOException e) {
      // fall through to the manifest
    }
    String fromManifest = Dataset.class.getPackage().getImplementationVersion();
    if (fromManifest != null) {
      return fromManifest;
    }
    // lance-core 7.0.0 ships neither: the jar's own file name (lance-core-7.0.0.jar) tells
    try {
      String jar = Dataset.class.getProtectionDomain().getCodeSource().getLocation().getPath();
      Matcher m = Pattern.compile("lance-core-([^/]+)\\.jar$").matcher(jar);
      if (m.find()) {
        return m.group(1);
      }
    } catch (RuntimeException e) {
      // no code source (e.g. a custom class loader): unknown
    }
    return "unknown";
  }

  /** A "# key value" header line of git's porcelain v2 status. */
  static Optional<String> header(String status, String key) {
    String prefix = "# " + key + " ";
    return status
        .lines()
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(prefix.length()).trim())
        .findFirst();
  }

  /** What git says about the working directory, when it is a checkout and git is installed. */
  static Optional<String> git(String... arguments) {
    try {
      String[] command = new String[arguments.length + 1];
      command[0] = "git";
      System.arraycopy(arguments, 0, command, 1, arguments.length);
      Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
      git.getOutputStream().close();
      byte[] output = git.getInputStream().readAllBytes();
      if (!git.waitFor(5, TimeUnit.SECONDS)) {
        git.destroyForcibly();
        return Optional.empty();
      }
      String out = new String(output, StandardCharsets.UTF_8).trim();
      return git.exitValue() == 0 ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
