package dev.lancebench.reporting;

import dev.lancebench.measuring.Unit;
import java.math.BigDecimal;
import java.util.Locale;

/** Human-readable numbers, the same on every machine (Locale.ROOT). */
final class Units {
  private Units() {}

  static String format(double value, Unit unit) {
    switch (unit) {
      case NANOSECONDS:
        return duration(value);
      case BYTES:
        return bytes(value);
      default:
        return count(value);
    }
  }

  static String duration(double nanos) {
    if (nanos < 1_000) {
      return String.format(Locale.ROOT, "%.0f ns", nanos);
    }
    if (nanos < 1_000_000) {
      return String.format(Locale.ROOT, "%.2f us", nanos / 1e3);
    }
    if (nanos < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  static String bytes(double bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = 0;
    while (Math.abs(value) >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0
        ? count(value) + " B"
        : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  static String count(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) value);
    }
    return String.format(Locale.ROOT, "%,.1f", value);
  }

  /** A setting's number as written: 0.01, 3, 99.9 (no trailing zeros, no exponent). */
  static String trim(double value) {
    return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }
}
