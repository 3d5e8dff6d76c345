package dev.lancebench.measuring;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code jvm_allocated_bytes}: Java heap bytes allocated by all threads in the round, from {@link
 * com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long[])}, plus the GC count and time in
 * the window (details). Threads that end inside the window take their bytes with them (Java 17 has
 * no process-wide total); threads that start inside it count from zero.
 */
public final class JvmAllocationSource implements MetricSource {
  private final com.sun.management.ThreadMXBean threads;
  private final List<GarbageCollectorMXBean> collectors =
      ManagementFactory.getGarbageCollectorMXBeans();
  private final String unavailable;
  private long[] beforeIds = new long[0];
  private long[] beforeBytes = new long[0];
  private long beforeGcCount;
  private long beforeGcMillis;

  public JvmAllocationSource() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    com.sun.management.ThreadMXBean found = null;
    String reason = null;
    if (!(bean instanceof com.sun.management.ThreadMXBean)) {
      reason = "JVM allocation absent: this JVM has no com.sun.management.ThreadMXBean";
    } else {
      found = (com.sun.management.ThreadMXBean) bean;
      if (!found.isThreadAllocatedMemorySupported()) {
        reason = "JVM allocation absent: this JVM does not measure thread allocation";
        found = null;
      } else if (!found.isThreadAllocatedMemoryEnabled()) {
        found.setThreadAllocatedMemoryEnabled(true);
      }
    }
    this.threads = found;
    this.unavailable = reason;
  }

  @Override
  public String id() {
    return "jvm-allocation";
  }

  @Override
  public Optional<String> unavailableReason() {
    return Optional.ofNullable(unavailable);
  }

  @Override
  public void before() {
    beforeGcCount = gcCount();
    beforeGcMillis = gcMillis();
    long[] ids = threads.getAllThreadIds();
    Arrays.sort(ids);
    beforeIds = ids;
    beforeBytes = threads.getThreadAllocatedBytes(ids);
  }

  @Override
  public void after(Readings readings) {
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    long total = 0;
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] < 0) {
        continue; // the thread ended meanwhile
      }
      int at = Arrays.binarySearch(beforeIds, ids[i]);
      long start = at >= 0 && beforeBytes[at] >= 0 ? beforeBytes[at] : 0;
      total += bytes[i] - start;
    }
    readings.put(Measure.JVM_ALLOCATED_BYTES, total);
    readings.detail("jvm.gc_count", gcCount() - beforeGcCount);
    readings.detail("jvm.gc_time_ms", gcMillis() - beforeGcMillis);
  }

  private long gcCount() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : collectors) {
      sum += Math.max(0, gc.getCollectionCount());
    }
    return sum;
  }

  private long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : collectors) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }
}
