package dev.lancebench.datasets.tpch;

import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.Progress;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** Generates a tpch dataset in a child JVM (args: uri, scale factor), for the kill -9 test. */
public final class TpchGenerateMain {
  public static void main(String[] args) {
    TpchDataset spec = new TpchDataset(Double.parseDouble(args[1]));
    try (BufferAllocator allocator = new RootAllocator();
        Progress progress = new Progress(System.out, "tpch", 6_000_000L, false)) {
      spec.ensure(new DatasetPlace(args[0], Map.of(), allocator), progress);
    }
  }
}
