package dev.lancebench.datagen;

import dev.lancebench.catalog.DatasetCatalog;
import dev.lancebench.catalog.DatasetRegistry;
import dev.lancebench.datasets.DatasetDefinition;
import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.DatasetLocation;
import dev.lancebench.datasets.GoogleCloud;
import dev.lancebench.datasets.StorageOptions;
import dev.lancebench.running.StallWatch;
import dev.lancebench.settings.SettingException;
import dev.lancebench.settings.Settings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The command behind {@code datagen/gen_all}: makes sure every registered dataset (or the named
 * ones) exists, at the same location and sizes the benchmarks would use. Its options are the
 * benchmarks' settings under other names, read by the same rules ({@link Settings}).
 */
public final class Datagen {
  private final DatasetRegistry registry;
  private final PrintStream out;
  private final PrintStream err;

  Datagen(DatasetRegistry registry, PrintStream out, PrintStream err) {
    this.registry = registry;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new Datagen(DatasetRegistry.standard(), System.out, System.err).run(args));
  }

  String usage() {
    StringBuilder text =
        new StringBuilder(
            "usage: datagen/gen_all [--data URI] [--scale FRACTION] [--storage KEY=VALUE]...\n"
                + "                       [--storage-file FILE] [DATASET-SIZE-OPTIONS] [DATASET...]\n"
                + "  DATASET         one of "
                + registry.names()
                + " (default: all)\n"
                + "  --data URI      folder or bucket prefix that holds <name>.lance (default: "
                + "bench.data,\n"
                + "                  then $LANCE_BENCH_DATA, then ~/lance-benchmarks-ci-datasets/)\n"
                + "  --scale X       scales every dataset's default size (bench.scale)\n"
                + "  --storage       a Lance storage option for an object store (repeatable)\n"
                + "  --storage-file  a properties file of Lance storage options\n");
    // one line per size option; datasets sharing one (tpch, tpch-2.1) are named together
    Map<String, List<DatasetDefinition>> byOption = new LinkedHashMap<>();
    for (DatasetDefinition d : registry.definitions().values()) {
      byOption.computeIfAbsent(d.datagenOption(), o -> new ArrayList<>()).add(d);
    }
    for (List<DatasetDefinition> sharing : byOption.values()) {
      DatasetDefinition d = sharing.get(0);
      text.append(
          String.format(
              Locale.ROOT,
              "  %-15s %s of %s (%s; default %s)%n",
              d.datagenOption() + " N",
              d.wholeSize() ? "rows" : "size",
              sharing.stream().map(DatasetDefinition::name).collect(Collectors.joining(", ")),
              d.size().key(),
              d.defaultSize().toPlainString()));
    }
    return text.toString().stripTrailing();
  }

  int run(String[] args) {
    Map<String, String> given = new LinkedHashMap<>();
    Map<String, String> storage = new TreeMap<>();
    List<String> names = new ArrayList<>();
    Map<String, String> sizeOptions = new LinkedHashMap<>();
    registry
        .definitions()
        .values()
        .forEach(d -> sizeOptions.put(d.datagenOption(), d.size().key()));
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("-h") || arg.equals("--help")) {
          out.println(usage());
          return 0;
        } else if (arg.equals("--data")) {
          given.put(Settings.DATA.key(), value(args, ++i, arg));
        } else if (arg.equals("--scale")) {
          given.put(Settings.SCALE.key(), value(args, ++i, arg));
        } else if (arg.equals("--storage-file")) {
          given.put(Settings.STORAGE_FILE.key(), value(args, ++i, arg));
        } else if (arg.equals("--storage")) {
          String option = value(args, ++i, arg);
          int eq = option.indexOf('=');
          if (eq < 1) {
            throw new IllegalArgumentException("--storage takes KEY=VALUE, got " + option);
          }
          storage.put(option.substring(0, eq), option.substring(eq + 1));
        } else if (sizeOptions.containsKey(arg)) {
          given.put(sizeOptions.get(arg), value(args, ++i, arg));
        } else if (arg.startsWith("-")) {
          throw new IllegalArgumentException("unknown option " + arg);
        } else {
          registry.require(arg);
          names.add(arg);
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("datagen: " + e.getMessage());
      err.println(usage());
      return 2;
    }
    if (names.isEmpty()) {
      names.addAll(registry.names());
    }
    Settings settings = Settings.of(key -> Optional.ofNullable(given.get(key)), err);
    try (BufferAllocator allocator = new RootAllocator();
        StallWatch stalls =
            StallWatch.start(settings.get(Settings.STALL_AFTER, Duration.ofSeconds(60)), out)) {
      Map<String, String> options = new TreeMap<>(StorageOptions.load(settings));
      options.putAll(storage);
      DatasetLocation location =
          DatasetLocation.resolve(
              settings.get(Settings.DATA),
              GoogleCloud.of(settings.get(Settings.GCP_DMI), settings.get(Settings.GCP_METADATA)));
      out.println("datagen: datasets at " + location.base() + " (" + location.decidedBy() + ")");
      // datagen writes where the benchmarks only look, a bucket included: no bucket check
      DatasetCatalog catalog = new DatasetCatalog(location, registry, settings, options, out, null);
      for (String name : names) {
        catalog.spec(name); // every size setting checked before anything is written
      }
      for (String name : names) {
        long start = System.nanoTime();
        stalls.watch("generating the " + name + " dataset", Thread.currentThread());
        DatasetHandle handle = catalog.require(name, allocator);
        stalls.done();
        out.printf(
            Locale.ROOT,
            "datagen: %s ready at %s (%,d rows, %.1f s)%n",
            name,
            handle.uri(),
            handle.rows(),
            (System.nanoTime() - start) / 1e9);
      }
    } catch (SettingException e) {
      err.println("datagen: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println("datagen: " + e.getMessage());
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        err.println("  caused by: " + cause);
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
