package dev.lancebench.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.Field;
import org.lance.Dataset;

/**
 * What every dataset spec's inspection shares: missing, another schema, or handed on to the spec;
 * and the local folder a generation killed before its commit left behind.
 */
public final class LanceInspection {
  private LanceInspection() {}

  /**
   * The part of inspecting a dataset that every spec shares: nothing committed at {@code uri} is
   * MISSING (a folder holding files that no generation writes is an error; what a killed one left
   * is cleared by {@link #clearAbandonedWrite} before generating); a dataset with other columns is
   * an error naming the URI; a dataset with the expected columns is handed to {@code sameSchema},
   * which decides among EMPTY, INDEX_MISSING and COMPLETE.
   */
  public static DatasetState inspect(
      DatasetPlace at,
      String name,
      List<Field> expected,
      Function<Dataset, DatasetState> sameSchema) {
    return inspectAccepting(at, name, List.of(expected), sameSchema);
  }

  /**
   * The same, where a dataset may also have an earlier schema that its spec upgrades ({@code
   * accepted}: the current fields first, then the earlier ones).
   */
  public static DatasetState inspectAccepting(
      DatasetPlace at,
      String name,
      List<List<Field>> accepted,
      Function<Dataset, DatasetState> sameSchema) {
    List<Field> expected = accepted.get(0);
    Optional<Dataset> opened = at.openIfExists();
    if (opened.isEmpty()) {
      requireOnlyLanceEntries(at.uri(), name);
      return DatasetState.MISSING;
    }
    try (Dataset dataset = opened.get()) {
      List<Field> actual = dataset.getSchema().getFields();
      if (accepted.stream().noneMatch(fields -> sameFields(actual, fields))) {
        throw new DatasetMismatchException(
            String.format(
                Locale.ROOT,
                "The dataset at %s is not the '%s' dataset: its schema is %s, expected %s. "
                    + "Point bench.data (or LANCE_BENCH_DATA) at another location, or delete %s "
                    + "so it is generated again.",
                at.uri(),
                name,
                describe(actual),
                describe(expected),
                at.uri()));
      }
      return sameSchema.apply(dataset);
    }
  }

  /** What a Lance dataset folder holds; a generation killed before its commit leaves these. */
  private static final Set<String> LANCE_ENTRIES =
      Set.of("data", "_versions", "_transactions", "_indices", "_deletions", "_refs");

  /** The entries of a local dataset folder; empty when it is not local or not there. */
  private static List<String> entries(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("looking into " + dir, e);
    }
  }

  private static Optional<Path> localFolder(String uri) {
    return LocalFiles.localPath(uri).filter(Files::isDirectory);
  }

  /**
   * For a local URI with no committed dataset: the folder is absent, empty, or holds only what a
   * killed generation leaves (Lance's own sub-folders). Anything else is not ours to write into: an
   * error naming the folder.
   */
  static void requireOnlyLanceEntries(String uri, String name) {
    Optional<Path> local = localFolder(uri);
    if (local.isEmpty()) {
      return;
    }
    Path dir = local.get();
    List<String> foreign =
        entries(dir).stream().filter(n -> !LANCE_ENTRIES.contains(n)).collect(Collectors.toList());
    // inside Lance's own folders, only the files a write makes: a file of somebody else's there
    // is not deleted as a generation's leftover
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .filter(p -> p.contains("/") && !WRITTEN_BY_LANCE.matcher(p).matches())
          .forEach(foreign::add);
    } catch (IOException e) {
      throw new UncheckedIOException("looking into " + dir, e);
    }
    if (!foreign.isEmpty()) {
      throw new DatasetMismatchException(
          "The folder "
              + dir
              + " for the '"
              + name
              + "' dataset is not a Lance dataset and holds files no generation writes "
              + (foreign.size() > 5
                  ? foreign.subList(0, 5) + " and " + (foreign.size() - 5) + " more"
                  : foreign)
              + ". Point bench.data at another location, or move those files away.");
    }
  }

  /**
   * The files a Lance write makes inside its folders: data files, manifests, transactions, indexes,
   * deletions, tags, and the temporary files its local writer renames into place.
   */
  private static final Pattern WRITTEN_BY_LANCE =
      Pattern.compile(
          "data/[^/]+\\.lance|data/[^/]*#[^/]*|_versions/[^/]+\\.manifest[^/]*|_transactions/[^/]+"
              + "|_indices/.+|_deletions/.+|_refs/.+"
              // a file Lance's local writer had not renamed into place yet
              + "|(data|_versions|_transactions|_deletions)/\\.tmp[^/]*");

  /**
   * Before a MISSING dataset is generated: deletes what a generation that never committed left in
   * its local folder (a dataset is written in one commit at its end, so they were never a dataset),
   * saying what, how much and why on the generation's console.
   */
  public static void clearAbandonedWrite(String uri, String name, Progress progress) {
    Optional<Path> local = localFolder(uri);
    if (local.isEmpty()) {
      return;
    }
    requireOnlyLanceEntries(uri, name);
    Path dir = local.get();
    if (entries(dir).isEmpty()) {
      return;
    }
    long files = 0;
    long bytes = 0;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        files++;
        bytes += Files.size(p);
      }
      progress.step(
          String.format(
              Locale.ROOT,
              "removing %,d files (%,.1f MB) at %s: a generation that never committed left them "
                  + "(it was stopped before its end), so they were never a dataset",
              files,
              bytes / 1e6,
              dir));
      LocalFiles.deleteRecursively(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("clearing " + dir, e);
    }
  }

  /** Same column names and types, in order; nullability and metadata aside. */
  public static boolean sameFields(List<Field> actual, List<Field> expected) {
    if (actual.size() != expected.size()) {
      return false;
    }
    for (int i = 0; i < actual.size(); i++) {
      if (!actual.get(i).getName().equals(expected.get(i).getName())
          || !actual.get(i).getType().equals(expected.get(i).getType())) {
        return false;
      }
    }
    return true;
  }

  public static String describe(List<Field> fields) {
    return fields.stream()
        .map(f -> f.getName() + " " + f.getType())
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
