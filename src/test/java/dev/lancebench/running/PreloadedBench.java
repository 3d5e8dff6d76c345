package dev.lancebench.running;

import dev.lancebench.datasets.basic.BasicDataset;
import dev.lancebench.settings.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;

/**
 * Runs the Lance-scan and take fixtures through the extension in a child JVM (args: data folder,
 * output folder, then any KEY=VALUE settings), so a test can preload the allocation tracker into
 * it. Exits non-zero if a test failed.
 */
public final class PreloadedBench {
  public static void main(String[] args) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put(Settings.DATA.key(), args[0]);
    config.put(BasicDataset.ROWS_SETTING.key(), Long.toString(BenchExtensionTests.ROWS));
    for (int i = 2; i < args.length; i++) { // more settings, KEY=VALUE
      int eq = args[i].indexOf('=');
      config.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    BenchRun run =
        BenchRun.of(
            Path.of(args[1]),
            config,
            BenchFixtures.LanceScanTestCase.class,
            BenchFixtures.TakeTestCase.class);
    run.results.testEvents().failed().stream()
        .forEach(
            event ->
                event
                    .getPayload(TestExecutionResult.class)
                    .flatMap(TestExecutionResult::getThrowable)
                    .ifPresent(t -> System.out.println("FAILED: " + t)));
    long failed = run.results.testEvents().failed().count();
    System.exit(failed == 0 ? 0 : 1);
  }
}
