package dev.lancebench.measuring;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Reads how busy the machine is, Linux's way: {@code /proc/stat}'s first line (all CPUs: user,
 * nice, system, idle, iowait, irq, softirq, steal) against {@code /proc/self/stat}'s user and
 * system time of this process, both in clock ticks. What the CPUs did that this process did not is
 * other processes' work.
 */
public final class MachineLoadProbe {
  static final Path PROC_STAT = Path.of("/proc/stat");
  static final Path PROC_SELF_STAT = Path.of("/proc/self/stat");
  private static final int SC_CLK_TCK = 2;

  interface C extends Library {
    long sysconf(int name);
  }

  /** One reading: ticks of all CPUs busy, stolen, and this process's ticks; when, in ns. */
  record Ticks(long busy, long steal, long own, long nanos) {}

  private final Path stat;
  private final Path selfStat;
  private final LongSupplier clock;
  private final double ticksPerSecond;
  private final int cores;

  MachineLoadProbe(Path stat, Path selfStat, LongSupplier clock, double ticksPerSecond, int cores) {
    this.stat = stat;
    this.selfStat = selfStat;
    this.clock = clock;
    this.ticksPerSecond = ticksPerSecond;
    this.cores = cores;
  }

  /** The probe of this machine, or empty where there is no {@code /proc/stat} to read. */
  public static Optional<MachineLoadProbe> here() {
    if (!Files.isReadable(PROC_STAT) || !Files.isReadable(PROC_SELF_STAT)) {
      return Optional.empty();
    }
    double hz = 100;
    try {
      long ticks = Native.load("c", C.class).sysconf(SC_CLK_TCK);
      if (ticks > 0) {
        hz = ticks;
      }
    } catch (LinkageError e) {
      // Linux's USER_HZ is 100 everywhere it is not configurable
    }
    MachineLoadProbe probe =
        new MachineLoadProbe(
            PROC_STAT,
            PROC_SELF_STAT,
            System::nanoTime,
            hz,
            Runtime.getRuntime().availableProcessors());
    try {
      probe.read();
    } catch (IllegalStateException e) {
      return Optional.empty();
    }
    return Optional.of(probe);
  }

  /** A reading now. */
  Ticks read() {
    try {
      long[] all = busyAndSteal(Files.readString(stat));
      long own = ownTicks(Files.readString(selfStat));
      return new Ticks(all[0], all[1], own, clock.getAsLong());
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read " + stat + " or " + selfStat, e);
    }
  }

  /** The load between two readings. */
  MachineLoad between(Ticks start, Ticks end) {
    double seconds = (end.nanos() - start.nanos()) / 1e9;
    if (seconds <= 0) {
      return new MachineLoad(0, 0, 0, cores);
    }
    double perSecond = ticksPerSecond * seconds;
    double other = Math.max(0, (end.busy() - start.busy()) - (end.own() - start.own())) / perSecond;
    double steal = Math.max(0, end.steal() - start.steal()) / perSecond;
    return new MachineLoad(seconds, other, steal, cores);
  }

  /** Starts watching: {@link Window#stop()} gives the load since. */
  public Window start() {
    return new Window(read());
  }

  /** The load from {@link #start()} to {@link #stop()}. */
  public final class Window {
    private final Ticks start;

    private Window(Ticks start) {
      this.start = start;
    }

    public MachineLoad stop() {
      return between(start, read());
    }
  }

  /** Parses the "cpu" line of /proc/stat: busy (user..softirq, no idle or iowait) and steal. */
  static long[] busyAndSteal(String procStat) {
    String line = procStat.lines().filter(l -> l.startsWith("cpu ")).findFirst().orElse(null);
    if (line == null) {
      throw new IllegalStateException("no aggregate 'cpu' line in " + PROC_STAT);
    }
    String[] f = line.trim().split("\\s+");
    // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest is in user)
    long busy = 0;
    for (int i : new int[] {1, 2, 3, 6, 7}) {
      busy += i < f.length ? Long.parseLong(f[i]) : 0;
    }
    long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
    return new long[] {busy, steal};
  }

  /**
   * utime + stime of /proc/self/stat (fields 14 and 15; the name in parentheses may hold spaces).
   */
  static long ownTicks(String selfStat) {
    String[] f = selfStat.substring(selfStat.lastIndexOf(')') + 2).trim().split("\\s+");
    // after "pid (comm) ", field 3 (state) is f[0]: utime (14) is f[11], stime (15) f[12]
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
