package dev.lancebench.measuring;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Locale;

/**
 * How busy the machine was while a benchmark ran (from its test method's start, or its warmup, to
 * its last measured round): the CPU time that other processes used, and the time the hypervisor
 * gave this machine's CPUs to others (steal), both in cores over the window. A benchmark measured
 * beside other work is slower for a reason that is not in the code; the reports mark it.
 *
 * @param seconds the window's wall time
 * @param otherCores CPU time of every other process in the window, divided by its wall time
 * @param stealCores steal time of all CPUs in the window, divided by its wall time
 * @param cores the CPUs the machine has
 */
public record MachineLoad(double seconds, double otherCores, double stealCores, int cores) {
  /** More than this many cores used by others, or stolen, marks a benchmark as measured busy. */
  public static final double BUSY_CORES = 0.5;

  /**
   * The machine's counters tick at 100 Hz: over a window shorter than this, one tick either way is
   * a tenth of a core or more, and the figure is kept but not judged.
   */
  public static final double SHORTEST_JUDGED_SECONDS = 0.1;

  /** Whether other work took more than half a core while the benchmark ran. */
  @JsonIgnore
  public boolean busy() {
    return seconds >= SHORTEST_JUDGED_SECONDS
        && (otherCores > BUSY_CORES || stealCores > BUSY_CORES);
  }

  /** "other processes used 1.4 cores" (and the steal when it counts), for the table's note. */
  public String describe() {
    StringBuilder text =
        new StringBuilder(
            String.format(Locale.ROOT, "other processes used %.1f cores", otherCores));
    if (stealCores > BUSY_CORES) {
      text.append(String.format(Locale.ROOT, ", %.1f cores stolen by the hypervisor", stealCores));
    }
    return text.append(" of ").append(cores).toString();
  }
}
