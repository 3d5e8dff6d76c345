package dev.lancebench.measuring;

import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CyclicBarrier;

/**
 * Runs in a child JVM with the tracker preloaded and prints {@code probe.key=value} lines.
 *
 * <ul>
 *   <li>{@code pattern}: 4 threads malloc 250 blocks of 1 MiB each (1,000 in all) through the
 *       process's own malloc, then free them; three times, per-thread counts are the smallest.
 *   <li>{@code reset}: 10 blocks of 10 MiB allocated before a reset and freed after it.
 *   <li>{@code files FOLDER}: watches FOLDER/watched, writes a file there in 3 writes of 1,000
 *       bytes and reads it back in positional reads of 800 bytes (4 calls, the last one short), and
 *       does the same with a file beside the folder, which must not count.
 * </ul>
 */
public final class TrackerProbe {
  static final int THREADS = 4;
  static final int BLOCKS_PER_THREAD = 250;
  static final long MIB = 1L << 20;
  static final int ROUNDS = 3;

  public static void main(String[] args) throws Exception {
    NativeAllocationTracker tracker =
        NativeAllocationTracker.inProcess()
            .orElseThrow(() -> new IllegalStateException("tracker not loaded in the child JVM"));
    switch (args[0]) {
      case "pattern":
        pattern(tracker);
        break;
      case "reset":
        reset(tracker);
        break;
      case "files":
        files(tracker, Path.of(args[1]));
        break;
      default:
        throw new IllegalArgumentException(args[0]);
    }
  }

  static void pattern(NativeAllocationTracker tracker) throws Exception {
    CyclicBarrier ready = new CyclicBarrier(THREADS + 1);
    CyclicBarrier start = new CyclicBarrier(THREADS + 1);
    CyclicBarrier allocated = new CyclicBarrier(THREADS + 1);
    CyclicBarrier release = new CyclicBarrier(THREADS + 1);
    CyclicBarrier freed = new CyclicBarrier(THREADS + 1);
    long[][] perThread = new long[THREADS][];
    Thread[] threads = new Thread[THREADS];
    for (int t = 0; t < THREADS; t++) {
      int id = t;
      threads[t] =
          new Thread(
              () -> {
                try {
                  long[] pointers = new long[BLOCKS_PER_THREAD];
                  // warm up the calls (JNI linking, JNA's first-call set-up), then measure what
                  // an empty window costs: reading the totals through JNA allocates too
                  for (int i = 0; i < BLOCKS_PER_THREAD; i++) {
                    pointers[i] = Native.malloc(MIB);
                  }
                  for (long pointer : pointers) {
                    Native.free(pointer);
                  }
                  tracker.threadTotals();
                  NativeAllocationTracker.ThreadTotals emptyStart = tracker.threadTotals();
                  NativeAllocationTracker.ThreadTotals emptyEnd = tracker.threadTotals();
                  long windowAllocations = emptyEnd.allocations() - emptyStart.allocations();
                  long windowBytes = emptyEnd.bytesAllocated() - emptyStart.bytesAllocated();
                  long windowFrees = emptyEnd.frees() - emptyStart.frees();
                  long windowBytesFreed = emptyEnd.bytesFreed() - emptyStart.bytesFreed();
                  ready.await();
                  long[] best = null;
                  // the pattern is deterministic and anything else a JVM thread mallocs now and
                  // then only adds: the smallest of a few repetitions is the pattern's own count
                  for (int round = 0; round < ROUNDS; round++) {
                    start.await();
                    NativeAllocationTracker.ThreadTotals before = tracker.threadTotals();
                    for (int i = 0; i < BLOCKS_PER_THREAD; i++) {
                      pointers[i] = Native.malloc(MIB);
                    }
                    NativeAllocationTracker.ThreadTotals afterMalloc = tracker.threadTotals();
                    allocated.await();
                    release.await();
                    for (long pointer : pointers) {
                      Native.free(pointer);
                    }
                    NativeAllocationTracker.ThreadTotals afterFree = tracker.threadTotals();
                    long[] counts = {
                      afterMalloc.allocations() - before.allocations() - windowAllocations,
                      afterMalloc.bytesAllocated() - before.bytesAllocated() - windowBytes,
                      afterFree.frees() - afterMalloc.frees() - windowFrees,
                      afterFree.bytesFreed() - afterMalloc.bytesFreed() - windowBytesFreed
                    };
                    if (best == null) {
                      best = counts;
                    } else {
                      for (int k = 0; k < counts.length; k++) {
                        best[k] = Math.min(best[k], counts[k]);
                      }
                    }
                    freed.await();
                  }
                  perThread[id] = best;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      threads[t].start();
    }
    ready.await(); // every thread has warmed up: reset now, so the window holds the pattern only
    tracker.reset();
    NativeAllocationTracker.Stats whileHeld = null;
    NativeAllocationTracker.Stats afterFree = null;
    for (int round = 0; round < ROUNDS; round++) {
      start.await();
      allocated.await();
      if (round == 0) {
        whileHeld = tracker.stats();
      }
      release.await();
      freed.await();
      if (round == 0) {
        afterFree = tracker.stats();
      }
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long allocations = 0;
    long bytes = 0;
    long frees = 0;
    long bytesFreed = 0;
    for (long[] counts : perThread) {
      allocations += counts[0];
      bytes += counts[1];
      frees += counts[2];
      bytesFreed += counts[3];
    }
    System.out.println("probe.thread_allocations=" + allocations);
    System.out.println("probe.thread_bytes_allocated=" + bytes);
    System.out.println("probe.thread_frees=" + frees);
    System.out.println("probe.thread_bytes_freed=" + bytesFreed);
    System.out.println("probe.allocations=" + whileHeld.allocations());
    System.out.println("probe.peak=" + whileHeld.peak());
    System.out.println("probe.current_held=" + whileHeld.current());
    System.out.println("probe.current_after_free=" + afterFree.current());
    System.out.println("probe.peak_after_free=" + afterFree.peak());
  }

  static void reset(NativeAllocationTracker tracker) {
    long[] blocks = new long[10];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = Native.malloc(10 * MIB);
    }
    tracker.reset();
    for (long block : blocks) {
      Native.free(block);
    }
    NativeAllocationTracker.Stats afterOldFrees = tracker.stats();
    long fresh = Native.malloc(MIB);
    NativeAllocationTracker.Stats afterFresh = tracker.stats();
    Native.free(fresh);
    System.out.println("probe.frees=" + afterOldFrees.frees());
    System.out.println("probe.bytes_freed=" + afterOldFrees.bytesFreed());
    System.out.println("probe.current_after_old_frees=" + afterOldFrees.current());
    System.out.println("probe.peak_after_old_frees=" + afterOldFrees.peak());
    System.out.println("probe.current_after_fresh=" + afterFresh.current());
    System.out.println("probe.peak_after_fresh=" + afterFresh.peak());
  }

  static void files(NativeAllocationTracker tracker, Path folder) throws Exception {
    Path watched = folder.resolve("watched");
    Files.createDirectories(watched);
    tracker.watchFiles(watched);
    NativeAllocationTracker.FileTotals before = tracker.fileTotals();
    copyThrough(watched.resolve("data.bin"));
    copyThrough(folder.resolve("beside.bin"));
    NativeAllocationTracker.FileTotals after = tracker.fileTotals();
    System.out.println("probe.read_ops=" + (after.readOps() - before.readOps()));
    System.out.println("probe.read_bytes=" + (after.readBytes() - before.readBytes()));
    System.out.println("probe.write_ops=" + (after.writeOps() - before.writeOps()));
    System.out.println("probe.write_bytes=" + (after.writeBytes() - before.writeBytes()));
  }

  /** 3 writes of 1,000 bytes, then positional reads of 800 until the end (800, 800, 800, 600). */
  private static void copyThrough(Path file) throws Exception {
    try (FileChannel out =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int i = 0; i < 3; i++) {
        out.write(ByteBuffer.allocateDirect(1_000));
      }
    }
    try (FileChannel in = FileChannel.open(file)) {
      ByteBuffer buffer = ByteBuffer.allocateDirect(800);
      long position = 0;
      for (int i = 0; i < 4; i++) {
        buffer.clear();
        position += in.read(buffer, position);
      }
    }
  }
}
