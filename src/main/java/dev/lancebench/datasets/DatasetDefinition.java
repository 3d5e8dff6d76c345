package dev.lancebench.datasets;

import dev.lancebench.settings.Setting;
import dev.lancebench.settings.SettingException;
import dev.lancebench.settings.Settings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A dataset the suite can generate, before its size is known: its name, one size setting with its
 * default and its datagen option, and how a {@link DatasetSpec} is made at a size. Registered once
 * in {@code catalog.DatasetRegistry}.
 *
 * @param name the dataset's name, {@code <location>/<name>.lance}
 * @param summary one line for {@code datagen/gen_all --help}
 * @param size the size setting ({@code bench.basic.rows}) whose default {@code bench.scale} scales
 * @param datagenOption the datagen option that sets the size ({@code --basic-rows})
 * @param defaultSize the size at the default, as upstream's suite has it
 * @param wholeSize whether the size is a whole number (rows) rather than a factor
 * @param atSize makes the spec at a size
 * @param largest the most a fixed source can give (europarl's corpus), or null for no bound: a
 *     {@code bench.scale} that asks for more gets this, with a note
 */
public record DatasetDefinition(
    String name,
    String summary,
    Setting<BigDecimal> size,
    String datagenOption,
    BigDecimal defaultSize,
    boolean wholeSize,
    Function<BigDecimal, DatasetSpec> atSize,
    BigDecimal largest) {

  public DatasetDefinition(
      String name,
      String summary,
      Setting<BigDecimal> size,
      String datagenOption,
      BigDecimal defaultSize,
      boolean wholeSize,
      Function<BigDecimal, DatasetSpec> atSize) {
    this(name, summary, size, datagenOption, defaultSize, wholeSize, atSize, null);
  }

  /** The same, with a largest size that {@code bench.scale} is capped at. */
  public DatasetDefinition atMost(BigDecimal largest) {
    return new DatasetDefinition(
        name, summary, size, datagenOption, defaultSize, wholeSize, atSize, largest);
  }

  /**
   * When {@code bench.scale} asks this dataset for more than its source has: the note that says the
   * run uses all of it. Empty when the size is the dataset's own setting or within bounds.
   */
  public Optional<String> capNote(Settings settings) {
    if (largest == null || settings.get(size).isPresent()) {
      return Optional.empty();
    }
    BigDecimal asked = scaled(settings.get(Settings.SCALE, BigDecimal.ONE));
    if (asked.compareTo(largest) <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "bench.scale asks for %s rows of '%s', which has %s at most: it is used whole",
            asked.toPlainString(),
            name,
            largest.toPlainString()));
  }

  /**
   * The size this run uses: the dataset's own setting when given, else the default times {@code
   * bench.scale} (rounded to a whole number, at least 1, for row counts).
   */
  public BigDecimal sizeFrom(Settings settings) {
    return settings
        .get(size)
        .map(this::requireWhole)
        .orElseGet(
            () -> {
              BigDecimal scaled = scaled(settings.get(Settings.SCALE, BigDecimal.ONE));
              return largest == null ? scaled : scaled.min(largest);
            });
  }

  BigDecimal scaled(BigDecimal scale) {
    BigDecimal value = defaultSize.multiply(scale);
    if (wholeSize) {
      return value.setScale(0, RoundingMode.HALF_UP).max(BigDecimal.ONE);
    }
    return value.stripTrailingZeros();
  }

  private BigDecimal requireWhole(BigDecimal value) {
    if (wholeSize && value.stripTrailingZeros().scale() > 0) {
      throw new SettingException(
          "Configuration error: "
              + size.key()
              + "="
              + value.toPlainString()
              + " is not a whole number of rows. Give a whole number, or leave it out.");
    }
    return value;
  }

  /** The spec at this run's size; a size beyond what a dataset can hold names its setting. */
  public DatasetSpec spec(Settings settings) {
    BigDecimal at = sizeFrom(settings);
    if (wholeSize && at.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new SettingException(
          "Configuration error: "
              + (settings.get(size).isPresent() ? size.key() : Settings.SCALE.key())
              + " asks for "
              + at.toPlainString()
              + " rows of '"
              + name
              + "', more than any dataset can hold ("
              + Long.MAX_VALUE
              + "). Give a smaller size.");
    }
    return atSize.apply(at);
  }
}
