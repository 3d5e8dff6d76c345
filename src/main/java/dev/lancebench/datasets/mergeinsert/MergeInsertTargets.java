package dev.lancebench.datasets.mergeinsert;

import dev.lancebench.datasets.LanceDatasets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.lance.Dataset;
import org.lance.Tag;
import org.lance.cleanup.CleanupPolicy;

/**
 * What the merge_insert targets share: each state a benchmark starts from is a tagged version of
 * the one dataset ({@code base}, {@code deleted}, ...), made once by the generator; before every
 * measured merge the tagged version is checked out and restored as the latest (untimed), so every
 * invocation merges into the same rows. After a benchmark, the versions it made are cleaned up
 * (tagged ones are kept), so their number stays small; lance-core 7.0.0's cleanup keeps the data
 * files the merges wrote, though, so the dataset grows by them (see docs/suite.md).
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
   * Restores {@code base} and removes every untagged version before it: what a benchmark's merges
   * committed (lance-core 7.0.0 leaves their data files in place).
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
  static void tagLatest(
      String uri, Map<String, String> storage, BufferAllocator allocator, String tag) {
    try (Dataset latest = LanceDatasets.open(uri, storage, allocator)) {
      latest.tags().create(tag, latest.version());
    }
  }
}
