package dev.lancebench.settings;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One setting: its key ({@code bench.tpch.sf}), the environment variable that may give it, what a
 * good value looks like, and whether a bad value is an error (settings that decide how much data is
 * generated or where it goes, or what is measured) or only a warning (cosmetic ones).
 *
 * @param <T> the parsed value's type
 */
public final class Setting<T> {
  /** Turns the text of a value into the value, or throws {@link IllegalArgumentException}. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(String text);
  }

  private final String key;
  private final String environment;
  private final String expects;
  private final Parser<T> parser;
  private final boolean strict;

  private Setting(
      String key, String environment, String expects, Parser<T> parser, boolean strict) {
    this.key = key;
    this.environment = environment;
    this.expects = expects;
    this.parser = parser;
    this.strict = strict;
  }

  /**
   * The environment variable a key is read from unless its setting names another: {@code
   * bench.basic.rows} is given by the environment as {@code BENCH_BASIC_ROWS}.
   */
  public static String environmentName(String key) {
    return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /** A setting read by its own rule: {@code parser} throws IllegalArgumentException. */
  public static <T> Setting<T> of(String key, String expects, Parser<T> parser) {
    return new Setting<>(key, environmentName(key), expects, parser, true);
  }

  public static Setting<String> text(String key) {
    return new Setting<>(key, environmentName(key), "a value", s -> s, true);
  }

  /** A setting read from another environment variable than the key's own form. */
  public Setting<T> fromEnvironment(String variable) {
    return new Setting<>(key, variable, expects, parser, strict);
  }

  /** A setting whose bad value is reported and ignored: it changes only how the output looks. */
  public Setting<T> cosmetic() {
    return new Setting<>(key, environment, expects, parser, false);
  }

  public static Setting<Boolean> flag(String key) {
    return new Setting<>(key, environmentName(key), "true or false", Setting::parseFlag, true);
  }

  public static Setting<Long> wholeNumber(String key) {
    return new Setting<>(
        key, environmentName(key), "a whole number", s -> Long.parseLong(s.replace("_", "")), true);
  }

  /** A number greater than zero, e.g. a row count, a scale factor or a fraction. */
  public static Setting<BigDecimal> positive(String key) {
    return new Setting<>(
        key, environmentName(key), "a number greater than 0", Setting::parsePositive, true);
  }

  public static Setting<Duration> duration(String key) {
    return new Setting<>(
        key,
        environmentName(key),
        "a duration such as 2s, 500ms, 1.5s or 1m",
        Setting::parseDuration,
        true);
  }

  public String key() {
    return key;
  }

  public String environment() {
    return environment;
  }

  public boolean strict() {
    return strict;
  }

  public String expects() {
    return expects;
  }

  /** Parses a value with this setting's rule; throws {@link IllegalArgumentException}. */
  public T parseText(String text) {
    return parser.parse(text.trim());
  }

  static boolean parseFlag(String text) {
    // "-Dbench.table" alone gives an empty value: a flag given without a value is on
    if (text.isEmpty() || text.equalsIgnoreCase("true")) {
      return true;
    }
    if (text.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException();
  }

  static BigDecimal parsePositive(String text) {
    BigDecimal value = new BigDecimal(text.replace("_", ""));
    if (value.signum() <= 0) {
      throw new IllegalArgumentException();
    }
    return value;
  }

  private static final Pattern DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|min|h)", Pattern.CASE_INSENSITIVE);

  static Duration parseDuration(String text) {
    if (text.toUpperCase(Locale.ROOT).startsWith("PT")) {
      return requireNotNegative(Duration.parse(text));
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException();
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    long nanosPerUnit;
    switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "ns":
        nanosPerUnit = 1L;
        break;
      case "us":
        nanosPerUnit = 1_000L;
        break;
      case "ms":
        nanosPerUnit = 1_000_000L;
        break;
      case "s":
        nanosPerUnit = 1_000_000_000L;
        break;
      case "m":
      case "min":
        nanosPerUnit = 60_000_000_000L;
        break;
      default:
        nanosPerUnit = 3_600_000_000_000L;
    }
    return Duration.ofNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValueExact());
  }

  private static Duration requireNotNegative(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException();
    }
    return d;
  }

  Optional<String> describeEnvironment() {
    return Optional.ofNullable(environment);
  }

  @Override
  public String toString() {
    return key;
  }
}
