package dev.lancebench.measuring;

import java.util.Map;
import java.util.TreeMap;
import org.lance.ipc.ScanStats;

/**
 * Sums the {@link ScanStats} of the scans a workload ran while a measured round is open. Scans
 * outside a round (warmup, checks) are not counted. Thread-safe: a workload may scan from several
 * threads.
 */
public final class ScanStatsRecorder {
  private boolean recording;
  private int scans;
  private long iops;
  private long requests;
  private long bytesRead;
  private long indicesLoaded;
  private long partsLoaded;
  private long indexComparisons;
  private final Map<String, Long> counts = new TreeMap<>();
  private final Map<String, Long> timesNanos = new TreeMap<>();

  synchronized void start() {
    recording = true;
    scans = 0;
    iops = requests = bytesRead = indicesLoaded = partsLoaded = indexComparisons = 0;
    counts.clear();
    timesNanos.clear();
  }

  synchronized void stop() {
    recording = false;
  }

  /** Adds one finished scan's stats, if a round is open. */
  public synchronized void record(ScanStats stats) {
    if (!recording) {
      return;
    }
    scans++;
    iops += stats.getIops();
    requests += stats.getRequests();
    bytesRead += stats.getBytesRead();
    indicesLoaded += stats.getIndicesLoaded();
    partsLoaded += stats.getPartsLoaded();
    indexComparisons += stats.getIndexComparisons();
    stats.getAllCounts().forEach((k, v) -> counts.merge(k, v, Long::sum));
    stats.getAllTimes().forEach((k, v) -> timesNanos.merge(k, v, Long::sum));
  }

  synchronized void putInto(Readings readings) {
    if (scans == 0) {
      return; // no scan ran: the read measures are absent, not zero
    }
    readings.put(Measure.READ_IOPS, iops);
    readings.put(Measure.READ_BYTES, bytesRead);
    readings.detail("lance.scans", scans);
    readings.detail("lance.iops", iops);
    readings.detail("lance.requests", requests);
    readings.detail("lance.bytes_read", bytesRead);
    readings.detail("lance.indices_loaded", indicesLoaded);
    readings.detail("lance.parts_loaded", partsLoaded);
    readings.detail("lance.index_comparisons", indexComparisons);
    counts.forEach((k, v) -> readings.detail("lance.counts." + k, v));
    timesNanos.forEach((k, v) -> readings.detail("lance.times_ns." + k, v));
  }
}
