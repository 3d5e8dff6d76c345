package dev.lancebench.running;

import dev.lancebench.settings.Settings;
import dev.lancebench.datasets.basic.BasicDataset;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the Lance-scan fixture through the extension in a child JVM (args: data folder, output
 * folder), so a test can preload the allocation tracker into it. Exits non-zero if a test failed.
 */
public final class PreloadedBench {
  public static void main(String[] args) {
    BenchRun run =
        BenchRun.of(
            Path.of(args[1]),
            Map.of(
                Settings.DATA.key(),
                args[0],
                BasicDataset.ROWS_SETTING.key(),
                Long.toString(BenchExtensionTests.ROWS)),
            BenchFixtures.LanceScanTestCase.class);
    long failed = run.results.testEvents().failed().count();
    System.exit(failed == 0 ? 0 : 1);
  }
}
