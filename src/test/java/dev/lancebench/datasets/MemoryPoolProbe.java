package dev.lancebench.datasets;

import dev.lancebench.datasets.mergeinsert.MergeInsertNarrowDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lance.Dataset;
import org.lance.index.IndexType;
import org.lance.merge.MergeInsertParams;
import org.lance.merge.MergeInsertParams.WhenNotMatched;
import org.lance.merge.MergeInsertResult;

/**
 * Run in a fresh JVM by {@link NativeEnvironmentTests}: writes 20,000 narrow rows with a BTREE on
 * {@code id_int}, then sets {@code LANCE_MEM_POOL_SIZE} to its argument (after Lance has run plans
 * in this process) and upserts every row on {@code id_int}: lance-core 7.0.0's indexed merge plan,
 * whose join runs in a memory pool of that size. Prints what happened.
 */
public final class MemoryPoolProbe {
  static final int ROWS = 20_000;

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("pool-probe");
    String uri = dir.resolve("target.lance").toString();
    try (BufferAllocator allocator = new RootAllocator()) {
      try (InMemoryBatches rows = narrow(allocator);
          ArrowArrayStream stream = rows.stream()) {
        try (Dataset written =
            Dataset.write().allocator(allocator).stream(stream).uri(uri).execute()) {
          LanceDatasets.createScalarIndex(
              written, MergeInsertNarrowDataset.ID_INT, IndexType.BTREE, "btree");
        }
      }
      NativeEnvironment.set("LANCE_MEM_POOL_SIZE", Optional.of(args[0]));
      try (Dataset dataset = LanceDatasets.open(uri, Map.of(), allocator);
          InMemoryBatches source = narrow(allocator);
          ArrowArrayStream stream = source.stream()) {
        MergeInsertResult result =
            dataset.mergeInsert(
                new MergeInsertParams(List.of(MergeInsertNarrowDataset.ID_INT))
                    .withMatchedUpdateAll()
                    .withNotMatched(WhenNotMatched.InsertAll),
                stream);
        result.dataset().close();
        System.out.println("updated " + result.stats().numUpdatedRows());
      } catch (Exception e) {
        System.out.println("failed: " + e.getMessage());
      }
    } finally {
      LocalFiles.deleteRecursively(dir);
    }
  }

  static InMemoryBatches narrow(BufferAllocator allocator) {
    return InMemoryBatches.make(
        allocator,
        MergeInsertNarrowDataset.schema(),
        1,
        (root, batch) -> MergeInsertNarrowDataset.fill(root, 0, ROWS));
  }
}
