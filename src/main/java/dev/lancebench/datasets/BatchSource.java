package dev.lancebench.datasets;

import java.io.IOException;
import java.util.function.LongConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An {@link ArrowReader} that makes its batches on demand, so a generator streams into Lance with
 * one batch in memory at a time.
 */
public final class BatchSource extends ArrowReader {

  /** Fills {@code root} with the rows of batch {@code index} and sets its row count. */
  @FunctionalInterface
  public interface BatchFiller {
    void fill(VectorSchemaRoot root, long index);
  }

  private final Schema schema;
  private final long batches;
  private final BatchFiller filler;
  private final LongConsumer rowsDone;
  private long next;

  public BatchSource(
      BufferAllocator allocator,
      Schema schema,
      long batches,
      BatchFiller filler,
      LongConsumer rowsDone) {
    super(allocator);
    this.schema = schema;
    this.batches = batches;
    this.filler = filler;
    this.rowsDone = rowsDone;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    if (next >= batches) {
      return false;
    }
    VectorSchemaRoot root = getVectorSchemaRoot();
    root.clear();
    filler.fill(root, next++);
    rowsDone.accept(root.getRowCount());
    return true;
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {}

  @Override
  protected Schema readSchema() {
    return schema;
  }
}
