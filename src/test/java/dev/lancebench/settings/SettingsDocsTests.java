package dev.lancebench.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lancebench.catalog.DatasetRegistry;
import dev.lancebench.datasets.DatasetDefinition;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/settings.md lists every setting the code declares, and nothing it does not: the run-wide
 * ones ({@link Settings}), each dataset's size setting (the registry), and each benchmark's own
 * size knobs (the {@code Setting} constants of the benchmark classes).
 */
class SettingsDocsTests {
  static final Path DOC = Path.of("docs/settings.md");

  /** Keys that are no {@code Setting}: Maven's switches and the patterns of families of keys. */
  static final Set<String> NOT_SETTINGS =
      Set.of("bench", "bench.memtrack", "bench.storage.KEY", "bench.fail-on-regression.MEASURE");

  /** The first column of every row of the doc's tables that names a {@code bench} key. */
  static Set<String> documented() throws IOException {
    Set<String> keys = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `(bench[^`]*)` \\|").matcher(Files.readString(DOC));
    while (row.find()) {
      keys.add(row.group(1));
    }
    return keys;
  }

  static Set<String> declared() throws Exception {
    Set<String> keys = new TreeSet<>(NOT_SETTINGS);
    keys.addAll(settingsOf(Settings.class));
    DatasetRegistry registry = DatasetRegistry.standard();
    for (DatasetDefinition definition : registry.definitions().values()) {
      keys.add(definition.size().key());
    }
    for (String name : registry.inMemoryNames()) {
      keys.add(registry.findInMemory(name).orElseThrow().size().key());
    }
    for (Class<?> benchmarks : benchmarkClasses()) {
      keys.addAll(settingsOf(benchmarks));
    }
    return keys;
  }

  static Set<String> settingsOf(Class<?> type) throws IllegalAccessException {
    Set<String> keys = new TreeSet<>();
    for (Field field : type.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == Setting.class) {
        field.setAccessible(true);
        keys.add(((Setting<?>) field.get(null)).key());
      }
    }
    return keys;
  }

  /** The suite's benchmark classes, from the compiled test classes beside this one. */
  static Set<Class<?>> benchmarkClasses()
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path root =
        Path.of(
            SettingsDocsTests.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<Class<?>> classes = new LinkedHashSet<>();
    try (Stream<Path> files = Files.list(root.resolve("dev/lancebench/benchmarks"))) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith("Benchmarks.class")) {
          classes.add(Class.forName("dev.lancebench.benchmarks." + name.replace(".class", "")));
        }
      }
    }
    return classes;
  }

  @Test
  void everyDeclaredSettingIsDocumentedAndNoneThatIsNot() throws Exception {
    Set<String> declared = declared();
    Set<String> documented = documented();
    assertThat(benchmarkClasses()).hasSizeGreaterThan(10);
    assertThat(documented)
        .as("settings the code declares that docs/settings.md does not list")
        .containsAll(declared);
    assertThat(declared)
        .as("settings docs/settings.md lists that the code does not declare")
        .containsAll(documented);
  }
}
