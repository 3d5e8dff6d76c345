package dev.lancebench.running;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a run's cases one machine runs: the {@code index}-th of {@code count} ({@code
 * -Dbench.shard=2/4}), both from 1.
 */
public record Shard(int index, int count) {
  private static final Pattern FORM = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d+)\\s*");

  /** The whole run: one shard of one. */
  public static final Shard WHOLE = new Shard(1, 1);

  public Shard {
    if (count < 1 || index < 1 || index > count) {
      throw new IllegalArgumentException(
          "a shard is i/n with 1 <= i <= n, such as 2/4 (got " + index + "/" + count + ")");
    }
  }

  /** Reads {@code i/n}. */
  public static Shard parse(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("not i/n");
    }
    try {
      return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not i/n");
    }
  }

  public boolean isWhole() {
    return count == 1;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
