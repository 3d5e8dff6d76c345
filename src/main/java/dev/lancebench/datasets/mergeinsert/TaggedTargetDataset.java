package dev.lancebench.datasets.mergeinsert;

import dev.lancebench.datasets.DatasetMismatchException;
import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.DatasetState;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.datasets.LanceInspection;
import dev.lancebench.datasets.RowCountDataset;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.lance.Dataset;
import org.lance.index.IndexType;

/**
 * A merge_insert target: its rows, tagged {@code base} once indexed, and maybe further tagged
 * versions. Its latest version is whatever the last merge left, so the rows are checked at the
 * {@code base} tag.
 */
abstract class TaggedTargetDataset extends RowCountDataset {
  protected TaggedTargetDataset(long rows) {
    super(rows);
  }

  protected abstract List<Field> fields();

  /** The keys with a BTREE index at {@code base}. */
  protected abstract List<String> indexedKeys();

  /** The tags a complete copy has, {@code base} among them. */
  protected abstract Set<String> tagsNeeded();

  @Override
  public DatasetState inspect(DatasetPlace at) {
    return LanceInspection.inspect(
        at,
        name(),
        fields(),
        dataset -> {
          Set<String> tags = MergeInsertTargets.tags(dataset);
          if (!tags.contains(MergeInsertTargets.BASE)) {
            // generation stopped before the base was tagged: nothing but its write happened
            DatasetState rows = checkRowCount(at.uri(), dataset);
            return rows != null ? rows : DatasetState.INDEX_MISSING;
          }
          try (Dataset base = dataset.checkoutTag(MergeInsertTargets.BASE)) {
            checkRowCount(at.uri(), base);
            for (String key : indexedKeys()) {
              if (!LanceDatasets.hasIndex(base, key, IndexType.BTREE)) {
                throw new DatasetMismatchException(
                    "The '"
                        + name()
                        + "' dataset at "
                        + at.uri()
                        + " has no BTREE index on "
                        + key
                        + " at its base version: an earlier generator made it. Delete "
                        + at.uri()
                        + " so it is generated again.");
              }
            }
          }
          return tags.containsAll(tagsNeeded())
              ? DatasetState.COMPLETE
              : DatasetState.INDEX_MISSING;
        });
  }
}
