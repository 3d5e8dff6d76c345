package dev.lancebench.datasets.mergeinsert;

import dev.lancebench.datasets.BatchSource;
import dev.lancebench.datasets.LanceDatasets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.lance.Dataset;
import org.lance.Tag;
import org.lance.WriteParams;
import org.lance.cleanup.CleanupPolicy;

/**
 * What the merge_insert targets share: each state a benchmark starts from is a tagged version of
 * the one dataset ({@code base}, {@code deleted}, ...), made once by the generator; before every
 * measured merge the tagged version is checked out and restored as the latest (untimed), so every
 * invocation merges into the same rows. After a benchmark, the versions it made are cleaned up
 * (tagged ones are kept), so the dataset does not grow from run to run.
 */
public final class MergeInsertTargets {
  public static final String BASE = "base";

  private MergeInsertTargets() {}

  public static Set<String> tags(Dataset dataset) {
    return dataset.tags().list().stream().map(Tag::getName).collect(Collectors.toSet());
  }

  /**
   * The version tagged {@code tag}, restored as the latest version, open (the caller closes it):
   * what a merge is measured on.
   */
  public static Dataset restore(Dataset dataset, String tag) {
    Dataset target = dataset.checkoutTag(tag);
    try {
      target.restore();
      return target;
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
  }

  /**
   * Restores {@code base} and removes every untagged version before it, with the files only they
   * referenced: what a benchmark's merges wrote.
   */
  public static void tidy(String uri, Map<String, String> storage, BufferAllocator allocator) {
    try (Dataset dataset = LanceDatasets.open(uri, storage, allocator);
        Dataset restored = restore(dataset, BASE)) {
      restored.cleanupWithPolicy(
          CleanupPolicy.builder()
              .withBeforeVersion(restored.latestVersion())
              .withBeforeTimestampMillis(System.currentTimeMillis())
              .withErrorIfTaggedOldVersions(false)
              // the merges' files, written moments ago; nothing else writes to these datasets
              .withDeleteUnverified(true)
              .build());
    }
  }

  /** Tags the latest version of the dataset at {@code uri}. */
  static void tagLatest(String uri, Map<String, String> storage, BufferAllocator allocator, String tag) {
    try (Dataset latest = LanceDatasets.open(uri, storage, allocator)) {
      latest.tags().create(tag, latest.version());
    }
  }

  /** Writes {@code rows} to {@code uri} in one commit, at most {@code maxRowsPerFile} a fragment. */
  static void write(
      String uri,
      Map<String, String> storage,
      BufferAllocator allocator,
      BatchSource rows,
      WriteParams.WriteMode mode,
      int maxRowsPerFile) {
    try (rows;
        Dataset written =
            Dataset.write()
                .allocator(allocator)
                .reader(rows)
                .uri(uri)
                .storageOptions(storage)
                .mode(mode)
                .maxRowsPerFile(maxRowsPerFile)
                .execute()) {
      // committed
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + uri, e);
    }
  }
}
