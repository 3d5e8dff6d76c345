package dev.lancebench.reporting;

import java.util.List;

/**
 * What one benchmark case cost its run: the wall time from the end of the case before it in its JVM
 * (or from that JVM's start) to its result — its JVM's start, its setup, the datasets it caused to
 * be made and the measurement itself — the part of it spent generating datasets, and the datasets
 * it asked for. Read from the run's journal; the durations file and the shards are planned with it.
 */
public record CaseTime(double wallSeconds, double generatingSeconds, List<String> datasets) {
  public CaseTime {
    datasets = List.copyOf(datasets);
  }

  /** The seconds the case took without the datasets it generated (those are the datasets' cost). */
  public double ownSeconds() {
    return Math.max(0, wallSeconds - generatingSeconds);
  }
}
