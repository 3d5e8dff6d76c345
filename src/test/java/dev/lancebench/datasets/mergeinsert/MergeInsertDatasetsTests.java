package dev.lancebench.datasets.mergeinsert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lancebench.datasets.DatasetMismatchException;
import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.DatasetSpec;
import dev.lancebench.datasets.DatasetState;
import dev.lancebench.datasets.LanceDatasets;
import dev.lancebench.datasets.Progress;
import dev.lancebench.datasets.mergeinsert.MergeInsertNarrowDataset.Shape;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.Dataset;
import org.lance.index.IndexType;

/**
 * The merge_insert targets on small real data: keys, schema, indexes, every tagged shape, the
 * restore a benchmark does before each merge, and idempotence.
 */
class MergeInsertDatasetsTests {
  static final long ROWS = 12_345; // 13 small fragments of at most 1,000 rows

  @TempDir Path dir;
  BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  DatasetState ensure(DatasetSpec spec, String uri) {
    try (Progress progress =
        new Progress(
            new PrintStream(OutputStream.nullOutputStream()),
            spec.name(),
            spec.expectedRows(),
            false)) {
      return spec.ensure(new DatasetPlace(uri, Map.of(), allocator), progress);
    }
  }

  @Test
  void keysAreFunctionsOfTheRowAndTheUuidsAreDistinctVersionFourHex() {
    Set<String> uuids = new HashSet<>();
    for (long row = 0; row < 200_000; row++) {
      String uuid = Keys.uuid4(row);
      assertThat(uuid).hasSize(32).matches("[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}");
      uuids.add(uuid);
    }
    assertThat(uuids).hasSize(200_000);
    assertThat(Keys.uuid4(42)).isEqualTo(Keys.uuid4(42));
    // uuid7: in row order, so a run of rows is a run of the index
    assertThat(Keys.uuid7(41)).hasSize(32).isLessThan(Keys.uuid7(42));
    assertThat(Keys.uuid7(0xFFFF)).isLessThan(Keys.uuid7(0x10000));
    assertThat(Keys.value(7)).isEqualTo(Keys.value(7)).isBetween(0L, 999_999L);
    assertThat(Keys.compositeA(12_345)).isEqualTo(12);
    assertThat(Keys.compositeB(12_345)).isEqualTo(345);
  }

  @Test
  void narrowHasItsKeysIndexesAndEveryShapeAndTheRunAfterLeavesItAlone() {
    MergeInsertNarrowDataset spec = new MergeInsertNarrowDataset(ROWS);
    String uri = dir.resolve("merge_insert_narrow.lance").toString();
    assertThat(ensure(spec, uri)).isEqualTo(DatasetState.MISSING);

    try (Dataset dataset = Dataset.open(uri, allocator)) {
      assertThat(dataset.getSchema().getFields())
          .extracting(Field::getName)
          .containsExactly(
              "id_int",
              "id_uuid7",
              "id_uuid4",
              "id_no_index",
              "composite_a",
              "composite_b",
              "value");
      assertThat(MergeInsertTargets.tags(dataset))
          .containsExactlyInAnyOrder(
              "base", "deleted", "unindexed_tail", "frags", "unindexed_half");
      for (Shape shape : Shape.values()) {
        try (Dataset tagged = dataset.checkoutTag(shape.tag())) {
          assertThat(tagged.countRows()).as("rows of %s", shape).isEqualTo(spec.rowsIn(shape));
          for (String key : MergeInsertNarrowDataset.INDEXED_KEYS) {
            assertThat(LanceDatasets.hasIndex(tagged, key, IndexType.BTREE))
                .as("%s index on %s", shape, key)
                .isTrue();
          }
          assertThat(LanceDatasets.hasIndex(tagged, "id_no_index", IndexType.BTREE)).isFalse();
        }
      }
      try (Dataset base = dataset.checkoutTag("base")) {
        // 1M rows a fragment at the default size: one fragment here
        assertThat(base.getFragments()).hasSize(1);
        assertThat(base.countRows("id_uuid4 = '" + Keys.uuid4(777) + "' AND id_int = 777"))
            .isEqualTo(1);
        assertThat(base.countRows("composite_a = 12 AND composite_b = 344 AND id_int = 12344"))
            .isEqualTo(1);
        assertThat(base.countRows("composite_a = 12 AND composite_b = 345")).isZero();
      }
      try (Dataset deleted = dataset.checkoutTag("deleted")) {
        assertThat(deleted.countRows("id_int % 1000 = 0")).isZero();
      }
      try (Dataset tail = dataset.checkoutTag("unindexed_tail")) {
        assertThat(tail.countRows("id_int >= " + ROWS)).isEqualTo(spec.tailRows());
        // the index was built before the tail was appended
        String index = tail.getIndexes().get(0).name();
        assertThat(((Number) tail.getIndexStatistics(index).get("num_unindexed_rows")).longValue())
            .isEqualTo(spec.tailRows());
      }
      try (Dataset half = dataset.checkoutTag("unindexed_half")) {
        assertThat(half.countRows("id_int >= " + spec.indexedHalf())).isEqualTo(ROWS / 2 + 1);
        assertThat(half.countRows("id_uuid7 = '" + Keys.uuid7(ROWS - 1) + "'")).isEqualTo(1);
        String index = half.getIndexes().get(0).name();
        assertThat(((Number) half.getIndexStatistics(index).get("num_unindexed_rows")).longValue())
            .isEqualTo(ROWS - spec.indexedHalf());
      }
      try (Dataset frags = dataset.checkoutTag("frags")) {
        assertThat(frags.getFragments()).hasSize((int) spec.smallFragments()).hasSize(13);
      }
    }

    // what a benchmark does: a merge, then the tidy back to the base
    try (Dataset dataset = Dataset.open(uri, allocator);
        Dataset target = MergeInsertTargets.restore(dataset, "deleted")) {
      assertThat(target.countRows()).isEqualTo(spec.rowsIn(Shape.deleted));
      target.delete("id_int < 100");
    }
    MergeInsertTargets.tidy(uri, Map.of(), allocator);
    try (Dataset dataset = Dataset.open(uri, allocator)) {
      assertThat(dataset.countRows()).isEqualTo(ROWS);
      assertThat(dataset.listVersions().size()).isLessThanOrEqualTo(Shape.values().length + 1);
    }
    assertThat(ensure(spec, uri)).isEqualTo(DatasetState.COMPLETE);
    assertThatThrownBy(() -> ensure(new MergeInsertNarrowDataset(ROWS + 1), uri))
        .isInstanceOf(DatasetMismatchException.class)
        .hasMessageContaining("12,345 rows")
        .hasMessageContaining("bench.merge_insert_narrow.rows");
  }

  @Test
  void wideHasTwentyScalarColumnsAVectorAndAnIndexedTaggedBase() {
    MergeInsertWideDataset spec = new MergeInsertWideDataset(2_500);
    String uri = dir.resolve("merge_insert_wide.lance").toString();
    assertThat(ensure(spec, uri)).isEqualTo(DatasetState.MISSING);
    try (Dataset dataset = Dataset.open(uri, allocator)) {
      assertThat(dataset.getSchema().getFields()).hasSize(21);
      assertThat(dataset.getSchema().getFields().get(1).getType().toString()).isEqualTo("Utf8");
      assertThat(dataset.getSchema().getFields().get(2).getType().toString())
          .isEqualTo("Int(64, true)");
      assertThat(dataset.countRows()).isEqualTo(2_500);
      assertThat(MergeInsertTargets.tags(dataset)).containsExactly("base");
      assertThat(LanceDatasets.hasIndex(dataset, "id", IndexType.BTREE)).isTrue();
    }
    assertThat(ensure(spec, uri)).isEqualTo(DatasetState.COMPLETE);
  }
}
