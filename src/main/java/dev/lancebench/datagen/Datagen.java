package dev.lancebench.datagen;

import dev.lancebench.datasets.BasicDataset;
import dev.lancebench.datasets.DatasetCatalog;
import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.DatasetLocation;
import dev.lancebench.datasets.TpchDataset;
import dev.lancebench.datasets.StorageOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The command behind {@code datagen/gen_all}: makes sure every dataset (or the named ones) exists,
 * at the same location the benchmarks read from.
 */
public final class Datagen {
  static final String USAGE =
      "usage: datagen/gen_all [--data URI] [--basic-rows N] [--tpch-sf X] [--storage KEY=VALUE]...\n"
          + "                       [--storage-file FILE] [DATASET...]\n"
          + "  DATASET      one of "
          + new TreeSet<>(DatasetCatalog.names())
          + " (default: all)\n"
          + "  --data URI   folder or bucket prefix that holds <name>.lance (default: bench.data,\n"
          + "               then $LANCE_BENCH_DATA, then ~/lance-benchmarks-ci-datasets/)\n"
          + "  --basic-rows rows of the basic dataset (default 10000000)\n"
          + "  --tpch-sf    TPC-H scale factor of the tpch dataset (default 10: 59,986,052 rows)\n"
          + "  --storage    a Lance storage option for an object store (repeatable), as\n"
          + "               -Dbench.storage.KEY=VALUE does for the benchmarks\n"
          + "  --storage-file  a properties file of Lance storage options";

  private Datagen() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    Optional<String> data = Optional.ofNullable(System.getProperty(DatasetLocation.PROPERTY));
    long basicRows = BasicDataset.DEFAULT_ROWS;
    double tpchScaleFactor = TpchDataset.DEFAULT_SCALE_FACTOR;
    Optional<String> storageFile = Optional.empty();
    java.util.Properties storageProperties = new java.util.Properties();
    storageProperties.putAll(System.getProperties());
    List<String> names = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--data":
            data = Optional.of(value(args, ++i, "--data"));
            break;
          case "--basic-rows":
            basicRows = Long.parseLong(value(args, ++i, "--basic-rows").replace("_", ""));
            break;
          case "--tpch-sf":
            tpchScaleFactor = Double.parseDouble(value(args, ++i, "--tpch-sf"));
            if (!(tpchScaleFactor > 0)) {
              throw new IllegalArgumentException("--tpch-sf must be positive");
            }
            break;
          case "--storage":
            String option = value(args, ++i, "--storage");
            int eq = option.indexOf('=');
            if (eq < 1) {
              throw new IllegalArgumentException("--storage takes KEY=VALUE, got " + option);
            }
            storageProperties.setProperty(
                StorageOptions.PREFIX + option.substring(0, eq), option.substring(eq + 1));
            break;
          case "--storage-file":
            storageFile = Optional.of(value(args, ++i, "--storage-file"));
            break;
          case "-h":
          case "--help":
            System.out.println(USAGE);
            return 0;
          default:
            if (args[i].startsWith("-")) {
              throw new IllegalArgumentException("unknown option " + args[i]);
            }
            if (!DatasetCatalog.names().contains(args[i])) {
              throw new IllegalArgumentException(
                  "unknown dataset '" + args[i] + "'; known: " + DatasetCatalog.names());
            }
            names.add(args[i]);
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("datagen: " + e.getMessage());
      System.err.println(USAGE);
      return 2;
    }
    if (names.isEmpty()) {
      names.addAll(new TreeSet<>(DatasetCatalog.names()));
    }
    DatasetLocation location = DatasetLocation.resolve(data);
    System.out.println("datagen: datasets at " + location.base() + " (" + location.decidedBy() + ")");
    try (BufferAllocator allocator = new RootAllocator()) {
      DatasetCatalog catalog =
          new DatasetCatalog(
              location,
              basicRows,
              tpchScaleFactor,
              StorageOptions.load(storageFile, storageProperties),
              System.out,
              null); // datagen writes where the benchmarks only look, a bucket included
      for (String name : names) {
        long start = System.nanoTime();
        DatasetHandle handle = catalog.require(name, allocator);
        System.out.printf(
            Locale.ROOT,
            "datagen: %s ready at %s (%,d rows, %.1f s)%n",
            name,
            handle.uri(),
            handle.rows(),
            (System.nanoTime() - start) / 1e9);
      }
    } catch (RuntimeException e) {
      System.err.println("datagen: " + e.getMessage());
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        System.err.println("  caused by: " + cause);
      }
      return 1;
    }
    return 0;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
