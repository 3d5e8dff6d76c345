package dev.lancebench.datasets;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Batches made once and held in memory, to be read any number of times without making them again: a
 * measured Lance call that consumes them (a write, a {@code mergeInsert} source) measures Lance,
 * not the Java code that made its input. Each {@link #reader()} hands out the same buffers (no
 * copy).
 */
public final class InMemoryBatches implements AutoCloseable {
  private final BufferAllocator allocator;
  private final Schema schema;
  private final List<ArrowRecordBatch> batches = new ArrayList<>();
  private long rows;

  private InMemoryBatches(BufferAllocator allocator, Schema schema) {
    this.allocator = allocator;
    this.schema = schema;
  }

  /** Makes {@code count} batches with {@code filler}, as {@link BatchSource} would stream them. */
  public static InMemoryBatches make(
      BufferAllocator allocator, Schema schema, long count, BatchSource.BatchFiller filler) {
    InMemoryBatches made = new InMemoryBatches(allocator, schema);
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      for (long i = 0; i < count; i++) {
        root.clear();
        filler.fill(root, i);
        made.rows += root.getRowCount();
        made.batches.add(new VectorUnloader(root).getRecordBatch());
      }
    } catch (RuntimeException | Error e) {
      made.close();
      throw e;
    }
    return made;
  }

  public long rows() {
    return rows;
  }

  public Schema schema() {
    return schema;
  }

  /** A reader of the batches, from the first (closing it leaves the batches). */
  public ArrowReader reader() {
    return new BatchSource(
        allocator,
        schema,
        batches.size(),
        (root, index) -> new VectorLoader(root).load(batches.get((int) index)),
        loaded -> {});
  }

  /**
   * The batches as an Arrow C stream, for a lance-core call that takes one; the caller closes it
   * (after Lance consumed it).
   */
  public ArrowArrayStream stream() {
    ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
    Data.exportArrayStream(allocator, reader(), stream);
    return stream;
  }

  @Override
  public void close() {
    for (ArrowRecordBatch batch : batches) {
      batch.close();
    }
    batches.clear();
  }
}
