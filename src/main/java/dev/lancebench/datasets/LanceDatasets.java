package dev.lancebench.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
   * How a dataset is written: the mode ({@code CREATE}, {@code APPEND}, {@code OVERWRITE}), Lance's
   * file format version ("2.0", "2.1"; null for lance-core's default), at most {@code
   * maxRowsPerFile} rows a fragment (null for lance-core's default), and what is written, for the
   * error message ("the basic dataset").
   */
  public record WriteOptions(
      WriteParams.WriteMode mode, String storageVersion, Integer maxRowsPerFile, String what) {
    public static WriteOptions create(String what) {
      return new WriteOptions(WriteParams.WriteMode.CREATE, null, null, what);
    }

    public static WriteOptions append(String what) {
      return new WriteOptions(WriteParams.WriteMode.APPEND, null, null, what);
    }

    /** CREATE when {@code create}, else APPEND (to an empty dataset, say). */
    public static WriteOptions createOrAppend(boolean create, String what) {
      return create ? create(what) : append(what);
    }

    public WriteOptions inMode(WriteParams.WriteMode mode) {
      return new WriteOptions(mode, storageVersion, maxRowsPerFile, what);
    }

    public WriteOptions inFormat(String storageVersion) {
      return new WriteOptions(mode, storageVersion, maxRowsPerFile, what);
    }

    public WriteOptions rowsPerFile(Integer maxRowsPerFile) {
      return new WriteOptions(mode, storageVersion, maxRowsPerFile, what);
    }
  }

  /**
   * Writes what {@code reader} yields to {@code uri} in one commit at its end (a write that dies
   * half-way leaves no manifest); closes the reader; returns the rows the dataset then holds.
   */
  public static long write(
      String uri,
      Map<String, String> storage,
      BufferAllocator allocator,
      ArrowReader reader,
      WriteOptions options) {
    try (Dataset written = writeOpen(uri, storage, allocator, reader, options)) {
      return written.countRows();
    }
  }

  /** {@link #write} returning the written dataset open (the caller closes it). */
  public static Dataset writeOpen(
      String uri,
      Map<String, String> storage,
      BufferAllocator allocator,
      ArrowReader reader,
      WriteOptions options) {
    try (reader) {
      WriteDatasetBuilder builder =
          Dataset.write()
              .allocator(allocator)
              .reader(reader)
              .uri(uri)
              .storageOptions(storage)
              .mode(options.mode());
      if (options.storageVersion() != null) {
        builder.dataStorageVersion(options.storageVersion());
      }
      if (options.maxRowsPerFile() != null) {
        builder.maxRowsPerFile(options.maxRowsPerFile());
      }
      return builder.execute();
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + options.what() + " to " + uri, e);
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
}
