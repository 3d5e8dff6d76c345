package dev.lancebench.running;

import dev.lancebench.catalog.DatasetRegistry;
import dev.lancebench.datasets.DatasetDefinition;
import dev.lancebench.settings.Setting;
import dev.lancebench.settings.SettingException;
import dev.lancebench.settings.Settings;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;

/**
 * The {@code bench.*} system properties that name no setting: a typo ({@code -Dbench.scal=0.01})
 * would otherwise be ignored and the run generate and measure at the default sizes. One that looks
 * like a size is refused before anything is generated; any other is warned about, with the closest
 * setting there is. Known are the run-wide settings, every dataset's size setting, the {@code
 * Setting} constants of the benchmark classes' package, the families {@code bench.storage.*} and
 * {@code bench.fail-on-regression.*}, and the build's own properties.
 */
final class UnknownSettings {
  /** Properties the build itself reads or sets, never read as settings. */
  static final Set<String> BUILD =
      Set.of(
          "bench",
          "bench.memtrack",
          "bench.memtrack.library",
          "bench.s3mock.jar",
          "bench.argLine",
          "bench.tmpdir",
          "bench.groups",
          "bench.excludedGroups",
          "bench.noGceCheck",
          "bench.runId");

  static final List<String> FAMILIES =
      List.of(Settings.STORAGE_PREFIX, Settings.FAIL_ON_REGRESSION.key() + ".");

  /** The endings of keys that choose how much data there is. */
  static final List<String> SIZE_ENDINGS = List.of(".rows", ".sf", ".scale", ".appends", ".size");

  private final Set<String> known;
  private final Set<String> sizes;

  UnknownSettings(Set<String> known, Set<String> sizes) {
    this.known = Collections.unmodifiableSet(new TreeSet<>(known));
    this.sizes = Collections.unmodifiableSet(new TreeSet<>(sizes));
  }

  /** The settings of the suite whose benchmark class {@code benchmarks} is one of. */
  static UnknownSettings of(DatasetRegistry registry, Class<?> benchmarks) {
    Set<String> known = new TreeSet<>(BUILD);
    Set<String> sizes = new TreeSet<>(Set.of(Settings.SCALE.key()));
    known.addAll(constants(Settings.class));
    List<DatasetDefinition> definitions = new ArrayList<>(registry.definitions().values());
    registry.inMemoryNames().forEach(n -> registry.findInMemory(n).ifPresent(definitions::add));
    definitions.forEach(d -> sizes.add(d.size().key()));
    if (benchmarks != null) {
      for (Class<?> type : classesBeside(benchmarks)) {
        sizes.addAll(constants(type)); // a benchmark's own settings are its size knobs
      }
    }
    known.addAll(sizes);
    return new UnknownSettings(known, sizes);
  }

  /** The keys of a class's static {@code Setting} constants. */
  static Set<String> constants(Class<?> type) {
    Set<String> keys = new TreeSet<>();
    try {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == Setting.class) {
          field.setAccessible(true);
          keys.add(((Setting<?>) field.get(null)).key());
        }
      }
    } catch (IllegalAccessException | RuntimeException | LinkageError e) {
      // a class that cannot be looked into declares nothing here
    }
    return keys;
  }

  /** The classes of {@code type}'s package, from its folder or jar on the class path. */
  static List<Class<?>> classesBeside(Class<?> type) {
    String folder = type.getPackageName().replace('.', '/');
    List<Class<?>> classes = new ArrayList<>();
    ClassLoader loader = type.getClassLoader();
    try {
      Enumeration<URL> places = loader.getResources(folder);
      while (places.hasMoreElements()) {
        URL place = places.nextElement();
        List<String> names = new ArrayList<>();
        if (place.getProtocol().equals("file")) {
          File[] files =
              new File(URLDecoder.decode(place.getPath(), StandardCharsets.UTF_8)).listFiles();
          for (File file : files == null ? new File[0] : files) {
            names.add(file.getName());
          }
        } else if (place.getProtocol().equals("jar")) {
          Enumeration<JarEntry> entries =
              ((JarURLConnection) place.openConnection()).getJarFile().entries();
          while (entries.hasMoreElements()) {
            String entry = entries.nextElement().getName();
            if (entry.startsWith(folder + "/") && entry.indexOf('/', folder.length() + 1) < 0) {
              names.add(entry.substring(folder.length() + 1));
            }
          }
        }
        for (String name : names) {
          if (name.endsWith(".class") && !name.contains("$")) {
            try {
              classes.add(
                  Class.forName(
                      type.getPackageName() + "." + name.substring(0, name.length() - 6),
                      false,
                      loader));
            } catch (ClassNotFoundException | LinkageError e) {
              // not loadable here: declares nothing
            }
          }
        }
      }
    } catch (IOException e) {
      // the package cannot be listed: only the run-wide settings are known
    }
    return classes;
  }

  boolean isKnown(String key) {
    return known.contains(key) || FAMILIES.stream().anyMatch(key::startsWith);
  }

  /**
   * Refuses an unknown key that looks like a size (its nearest setting is one, or it ends as sizes
   * do); returns one warning for every other unknown key.
   */
  List<String> check(Properties systemProperties) {
    List<String> warnings = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (String key : new TreeSet<>(systemProperties.stringPropertyNames())) {
      if (!key.startsWith("bench.") || isKnown(key)) {
        continue;
      }
      String nearest = nearest(key);
      boolean close = nearest != null && distance(key, nearest) <= Math.max(2, key.length() / 5);
      String hint = close ? " (did you mean " + nearest + "?)" : "";
      if ((close && sizes.contains(nearest)) || SIZE_ENDINGS.stream().anyMatch(key::endsWith)) {
        refused.add(key + hint);
      } else {
        warnings.add(
            "lance-bench: -D"
                + key
                + " names no setting of lance-bench"
                + hint
                + "; it is ignored");
      }
    }
    if (!refused.isEmpty()) {
      throw new SettingException(
          "Configuration error: "
              + String.join(", ", refused)
              + (refused.size() == 1 ? " names" : " name")
              + " no setting, and looks like a size: nothing is generated or measured at a size "
              + "that was not asked for. The settings are listed in docs/settings.md.");
    }
    return warnings;
  }

  private String nearest(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(key, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein's edit distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
