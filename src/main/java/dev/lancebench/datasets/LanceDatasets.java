package dev.lancebench.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.lance.Dataset;
import org.lance.ReadOptions;
import org.lance.Session;
import org.lance.WriteDatasetBuilder;
import org.lance.WriteParams;
import org.lance.index.Index;
import org.lance.index.IndexParams;
import org.lance.index.IndexType;
import org.lance.index.scalar.ScalarIndexParams;

/** Small helpers around lance-core's dataset API that every dataset spec needs. */
public final class LanceDatasets {
  private LanceDatasets() {}

  /** Opens {@code uri} with Lance storage options (credentials, endpoints of an object store). */
  public static Dataset open(String uri, Map<String, String> storage, BufferAllocator allocator) {
    try {
      if (storage.isEmpty()) {
        return Dataset.open(uri, allocator);
      }
      return Dataset.open(
          allocator, uri, new ReadOptions.Builder().setStorageOptions(storage).build());
    } catch (Exception e) { // lance-core throws IOException undeclared, from native code
      throw cannotOpen(uri, e);
    }
  }

  /**
   * lance-core's errors on open name neither the dataset nor a way out ("file size is too small"
   * for a truncated manifest): the URI and the fix go with them. A missing dataset keeps
   * lance-core's own exception, which {@link #openIfExists} tells apart.
   */
  static RuntimeException cannotOpen(String uri, Exception e) {
    if (e instanceof IllegalArgumentException
        && String.valueOf(e.getMessage()).contains("was not found")) {
      return (IllegalArgumentException) e;
    }
    return new DatasetMismatchException(
        e
            + " — the dataset at "
            + uri
            + " cannot be opened. If it is one this suite generates, delete it and run the benchmark "
            + "(or datagen/gen_all) to generate it again; if it is on an object store, check the "
            + "storage options.",
        e);
  }

  /** Opens {@code uri} in its own Lance session (its caches shared with no other open). */
  public static Dataset open(
      String uri, Map<String, String> storage, BufferAllocator allocator, Session session) {
    try {
      return Dataset.open()
          .allocator(allocator)
          .uri(uri)
          .readOptions(new ReadOptions.Builder().setStorageOptions(storage).build())
          .session(session)
          .build();
    } catch (Exception e) {
      throw cannotOpen(uri, e);
    }
  }

  /**
   * Opens the dataset at {@code uri}, or returns empty when nothing was ever committed there. A
   * generation that died before its commit leaves no manifest, so it is seen as missing, never as
   * complete.
   */
  public static Optional<Dataset> openIfExists(
      String uri, Map<String, String> storage, BufferAllocator allocator) {
    try {
      return Optional.of(open(uri, storage, allocator));
    } catch (IllegalArgumentException e) {
      // lance-core 7.0.0 reports a missing manifest as "Dataset at path ... was not found"
      String message = String.valueOf(e.getMessage());
      if (message.contains("was not found")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * The part of inspecting a dataset that every spec shares: nothing committed at {@code uri} is
   * MISSING (after clearing what a killed generation left); a dataset with other columns is an
   * error naming the URI; a dataset with the expected columns is handed to {@code sameSchema},
   * which decides among EMPTY, INDEX_MISSING and COMPLETE.
   */
  public static DatasetState inspect(
      String uri,
      Map<String, String> storage,
      BufferAllocator allocator,
      String name,
      List<Field> expected,
      Function<Dataset, DatasetState> sameSchema) {
    return inspectAccepting(uri, storage, allocator, name, List.of(expected), sameSchema);
  }

  /**
   * The same, where a dataset may also have an earlier schema that its spec upgrades ({@code
   * accepted}: the current fields first, then the earlier ones).
   */
  public static DatasetState inspectAccepting(
      String uri,
      Map<String, String> storage,
      BufferAllocator allocator,
      String name,
      List<List<Field>> accepted,
      Function<Dataset, DatasetState> sameSchema) {
    List<Field> expected = accepted.get(0);
    Optional<Dataset> opened = openIfExists(uri, storage, allocator);
    if (opened.isEmpty()) {
      clearAbandonedWrite(uri, name);
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
                uri,
                name,
                describe(actual),
                describe(expected),
                uri));
      }
      return sameSchema.apply(dataset);
    }
  }

  /**
   * Writes what {@code reader} yields to {@code uri} in one commit at its end (a write that dies
   * half-way leaves no manifest), creating the dataset or appending to an empty one; closes the
   * reader; returns the rows the dataset then holds.
   *
   * @param what the dataset, for the error message ("the basic dataset")
   */
  public static long write(
      String uri,
      Map<String, String> storage,
      BufferAllocator allocator,
      ArrowReader reader,
      boolean create,
      String what) {
    return write(uri, storage, allocator, reader, create, null, what);
  }

  /**
   * The same in a given Lance file format version ("2.0", "2.1"; null for lance-core's default).
   */
  public static long write(
      String uri,
      Map<String, String> storage,
      BufferAllocator allocator,
      ArrowReader reader,
      boolean create,
      String storageVersion,
      String what) {
    try (Dataset written =
        writeOpen(uri, storage, allocator, reader, create, storageVersion, what)) {
      return written.countRows();
    }
  }

  /** {@link #write} returning the written dataset open (the caller closes it). */
  public static Dataset writeOpen(
      String uri,
      Map<String, String> storage,
      BufferAllocator allocator,
      ArrowReader reader,
      boolean create,
      String storageVersion,
      String what) {
    return writeOpen(
        uri,
        storage,
        allocator,
        reader,
        create ? WriteParams.WriteMode.CREATE : WriteParams.WriteMode.APPEND,
        storageVersion,
        null,
        what);
  }

  /**
   * {@link #write} in any mode ({@code OVERWRITE} too), with at most {@code maxRowsPerFile} rows a
   * fragment (null: lance-core's default); returns the rows the dataset then holds.
   */
  public static long write(
      String uri,
      Map<String, String> storage,
      BufferAllocator allocator,
      ArrowReader reader,
      WriteParams.WriteMode mode,
      Integer maxRowsPerFile,
      String what) {
    try (Dataset written =
        writeOpen(uri, storage, allocator, reader, mode, null, maxRowsPerFile, what)) {
      return written.countRows();
    }
  }

  /** The one write: null {@code storageVersion} and {@code maxRowsPerFile} are lance-core's. */
  private static Dataset writeOpen(
      String uri,
      Map<String, String> storage,
      BufferAllocator allocator,
      ArrowReader reader,
      WriteParams.WriteMode mode,
      String storageVersion,
      Integer maxRowsPerFile,
      String what) {
    try (reader) {
      WriteDatasetBuilder builder =
          Dataset.write()
              .allocator(allocator)
              .reader(reader)
              .uri(uri)
              .storageOptions(storage)
              .mode(mode);
      if (storageVersion != null) {
        builder.dataStorageVersion(storageVersion);
      }
      if (maxRowsPerFile != null) {
        builder.maxRowsPerFile(maxRowsPerFile);
      }
      return builder.execute();
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + what + " to " + uri, e);
    }
  }

  /** Builds (or replaces) a scalar index of lance-core's type {@code type} on one column. */
  public static void createScalarIndex(
      Dataset dataset, String column, IndexType type, String scalarType) {
    dataset.createIndex(
        List.of(column),
        type,
        Optional.empty(),
        IndexParams.builder().setScalarIndexParams(ScalarIndexParams.create(scalarType)).build(),
        true);
  }

  /**
   * Whether {@code dataset} has an index of one of {@code types} on the single column {@code
   * column} (index field ids are Lance field ids; in the suite's flat schemas they follow the
   * column order).
   */
  public static boolean hasIndex(Dataset dataset, String column, IndexType... types) {
    List<Field> fields = dataset.getSchema().getFields();
    int field = -1;
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).getName().equals(column)) {
        field = i;
      }
    }
    Set<IndexType> wanted = Set.of(types);
    for (Index index : dataset.getIndexes()) {
      if (wanted.contains(index.indexType()) && index.fields().equals(List.of(field))) {
        return true;
      }
    }
    return false;
  }

  public static long countRows(String uri, Map<String, String> storage, BufferAllocator allocator) {
    try (Dataset dataset = open(uri, storage, allocator)) {
      return dataset.countRows();
    }
  }

  /** What a Lance dataset folder holds; a generation killed before its commit leaves these. */
  private static final Set<String> LANCE_ENTRIES =
      Set.of("data", "_versions", "_transactions", "_indices", "_deletions", "_refs");

  /**
   * For a local URI with no committed dataset: the folder is absent, empty, or holds only what a
   * killed generation leaves (Lance's own sub-folders), which is deleted. Anything else is not ours
   * to write into: an error naming the folder.
   */
  public static void clearAbandonedWrite(String uri, String name) {
    Optional<Path> local = LocalFiles.localPath(uri);
    if (local.isEmpty() || !Files.isDirectory(local.get())) {
      return;
    }
    Path dir = local.get();
    try (Stream<Path> entries = Files.list(dir)) {
      List<String> names =
          entries.map(p -> p.getFileName().toString()).collect(Collectors.toList());
      List<String> foreign =
          names.stream().filter(n -> !LANCE_ENTRIES.contains(n)).collect(Collectors.toList());
      if (!foreign.isEmpty()) {
        throw new DatasetMismatchException(
            "The folder "
                + dir
                + " for the '"
                + name
                + "' dataset is not a Lance dataset and holds other files "
                + foreign
                + ". Point bench.data at another location, or move those files away.");
      }
      if (!names.isEmpty()) {
        // the leftovers of a generation that never committed (a dataset is written in one
        // commit at its end): never a dataset, so they go, but not without a word
        long[] size = {0, 0};
        try (Stream<Path> walk = Files.walk(dir)) {
          walk.filter(Files::isRegularFile)
              .forEach(
                  p -> {
                    size[0]++;
                    size[1] += p.toFile().length();
                  });
        }
        System.out.printf(
            Locale.ROOT,
            "%s: removing %,d files (%,.1f MB) at %s: a generation that never committed left them "
                + "(it was stopped before its end), so they were never a dataset%n",
            name,
            size[0],
            size[1] / 1e6,
            dir);
        LocalFiles.deleteRecursively(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("looking into " + dir, e);
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
