package dev.lancebench.datasets.mergeinsert;

import java.util.Locale;

/**
 * The values of row {@code r} of the merge_insert datasets, as functions of {@code r} alone: a
 * benchmark builds a source that matches known rows (or none) without reading the target, and knows
 * what a merge must insert, update or delete. Rows past the dataset's end give keys that match
 * nothing.
 */
public final class Keys {
  private static final long UUID_SEED_HIGH = 0x6d65_7267_655fL;
  private static final long UUID_SEED_LOW = 0x696e_7365_7274L;
  private static final long VALUE_SEED = 0x7661_6c75_65L;

  private Keys() {}

  /** SplitMix64's finaliser: a bijection of the 64-bit integers that scatters its input. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A version-4 UUID as 32 lower-case hex characters, fixed by the row. */
  public static String uuid4(long row) {
    long high = (mix(row ^ UUID_SEED_HIGH) & ~0xF000L) | 0x4000L;
    long low = (mix(row ^ UUID_SEED_LOW) & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return String.format(Locale.ROOT, "%016x%016x", high, low);
  }

  /**
   * A time-ordered key shaped as a UUIDv7, 32 lower-case hex characters: the row in the first half
   * (so consecutive rows sort together, as keys made one after another do), scattered bits in the
   * second. A stream of such keys lands in a narrow, advancing slice of the index; the bit layout
   * of a real UUIDv7 does not matter here, only the order.
   */
  public static String uuid7(long row) {
    return String.format(Locale.ROOT, "%016x%016x", row, mix(row ^ UUID_SEED_LOW));
  }

  /** The row's {@code value}: in [0, 1,000,000), scattered. */
  public static long value(long row) {
    return Math.floorMod(mix(row ^ VALUE_SEED), 1_000_000L);
  }

  /** {@code composite_a}: the row's thousand. */
  public static long compositeA(long row) {
    return row / 1000;
  }

  /** {@code composite_b}: the row within its thousand ({@code (a, b)} is unique). */
  public static long compositeB(long row) {
    return row % 1000;
  }
}
