package dev.lancebench.running;

import dev.lancebench.datasets.BasicDataset;
import dev.lancebench.datasets.GoogleCloud;
import dev.lancebench.datasets.StorageOptions;
import dev.lancebench.datasets.TpchDataset;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The run-wide settings, read once from JUnit configuration parameters (which fall back to system
 * properties, so {@code mvn test -Dbench.bmf=...} works). A bad value is reported on stderr and
 * ignored.
 */
public record RunConfig(
    Path outputDir,
    Path bmfFile,
    Path resultsFile,
    Optional<String> dataSetting,
    long basicRows,
    double tpchScaleFactor,
    Optional<Long> seed,
    Map<String, String> storage,
    Optional<String> gcpDmi,
    Optional<String> gcpMetadata,
    boolean printTable) {

  public static final String OUTPUT_DIR = "bench.out";
  public static final String BMF = "bench.bmf";
  public static final String RESULTS = "bench.results";
  public static final String DATA = "bench.data";
  public static final String BASIC_ROWS = "bench.basic.rows";
  public static final String TABLE = "bench.table";
  public static final String TPCH_SF = "bench.tpch.sf";
  public static final String SEED = "bench.seed";
  public static final String STORAGE_FILE = StorageOptions.FILE_SETTING;

  static RunConfig from(Function<String, Optional<String>> parameters, PrintStream warnings) {
    Path out = Path.of(parameters.apply(OUTPUT_DIR).orElse("target/bench"));
    Path bmf = parameters.apply(BMF).map(Path::of).orElse(out.resolve("bmf.json"));
    Path results = parameters.apply(RESULTS).map(Path::of).orElse(out.resolve("results.json"));
    long rows = BasicDataset.DEFAULT_ROWS;
    Optional<String> rowsValue = parameters.apply(BASIC_ROWS);
    if (rowsValue.isPresent()) {
      try {
        rows = Long.parseLong(rowsValue.get().trim().replace("_", ""));
        if (rows < 1) {
          throw new NumberFormatException("must be at least 1");
        }
      } catch (NumberFormatException e) {
        warnings.printf(
            "lance-bench: ignoring %s=%s (not a positive whole number); using %d%n",
            BASIC_ROWS, rowsValue.get(), BasicDataset.DEFAULT_ROWS);
        rows = BasicDataset.DEFAULT_ROWS;
      }
    }
    double sf = TpchDataset.DEFAULT_SCALE_FACTOR;
    Optional<String> sfValue = parameters.apply(TPCH_SF);
    if (sfValue.isPresent()) {
      try {
        sf = Double.parseDouble(sfValue.get().trim());
        if (!(sf > 0) || Double.isInfinite(sf)) {
          throw new NumberFormatException("must be positive");
        }
      } catch (NumberFormatException e) {
        warnings.printf(
            "lance-bench: ignoring %s=%s (not a positive number); using %s%n",
            TPCH_SF, sfValue.get(), TpchDataset.DEFAULT_SCALE_FACTOR);
        sf = TpchDataset.DEFAULT_SCALE_FACTOR;
      }
    }
    Optional<Long> seed = Optional.empty();
    Optional<String> seedValue = parameters.apply(SEED);
    if (seedValue.isPresent()) {
      try {
        seed = Optional.of(Long.parseLong(seedValue.get().trim()));
      } catch (NumberFormatException e) {
        warnings.printf(
            "lance-bench: ignoring %s=%s (not a whole number); a random seed is used%n",
            SEED, seedValue.get());
      }
    }
    boolean table = parameters.apply(TABLE).map(v -> !v.equalsIgnoreCase("false")).orElse(true);
    Map<String, String> storage =
        StorageOptions.load(parameters.apply(STORAGE_FILE), System.getProperties());
    return new RunConfig(
        out,
        bmf,
        results,
        parameters.apply(DATA),
        rows,
        sf,
        seed,
        storage,
        parameters.apply(GoogleCloud.DMI_SETTING),
        parameters.apply(GoogleCloud.METADATA_SETTING),
        table);
  }

}
