package dev.lancebench.measuring;

import java.util.Optional;

/**
 * {@code peak_memory_bytes} and {@code total_allocations} from the preloaded allocation tracker.
 * The tracker is reset before each measured invocation; a round reports the largest peak of its
 * invocations and their allocation count (divided per invocation like every counter).
 */
public final class NativeMemorySource implements MetricSource {
  private final NativeAllocationTracker tracker;
  private final String unavailable;
  private long roundPeak;
  private long roundAllocations;
  private long roundFrees;
  private long roundBytesAllocated;

  public NativeMemorySource(Optional<NativeAllocationTracker> tracker, String whyUnavailable) {
    this.tracker = tracker.orElse(null);
    this.unavailable = tracker.isPresent() ? null : whyUnavailable;
  }

  @Override
  public String id() {
    return "native-memory";
  }

  @Override
  public Optional<String> unavailableReason() {
    return Optional.ofNullable(unavailable);
  }

  @Override
  public void before() {
    roundPeak = 0;
    roundAllocations = 0;
    roundFrees = 0;
    roundBytesAllocated = 0;
  }

  @Override
  public void beforeInvocation() {
    tracker.reset();
  }

  @Override
  public void afterInvocation() {
    NativeAllocationTracker.Stats stats = tracker.stats();
    roundPeak = Math.max(roundPeak, stats.peak());
    roundAllocations += stats.allocations();
    roundFrees += stats.frees();
    roundBytesAllocated += stats.bytesAllocated();
  }

  @Override
  public void after(Readings readings) {
    readings.put(Measure.PEAK_MEMORY_BYTES, roundPeak);
    readings.put(Measure.TOTAL_ALLOCATIONS, roundAllocations);
    readings.detail("native.frees", roundFrees);
    readings.detail("native.bytes_allocated", roundBytesAllocated);
  }
}
