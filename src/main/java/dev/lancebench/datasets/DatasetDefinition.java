package dev.lancebench.datasets;

import dev.lancebench.settings.Setting;
import dev.lancebench.settings.SettingException;
import dev.lancebench.settings.Settings;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
 */
public record DatasetDefinition(
    String name,
    String summary,
    Setting<BigDecimal> size,
    String datagenOption,
    BigDecimal defaultSize,
    boolean wholeSize,
    Function<BigDecimal, DatasetSpec> atSize) {

  /**
   * The size this run uses: the dataset's own setting when given, else the default times {@code
   * bench.scale} (rounded to a whole number, at least 1, for row counts).
   */
  public BigDecimal sizeFrom(Settings settings) {
    return settings
        .get(size)
        .map(this::requireWhole)
        .orElseGet(() -> scaled(settings.get(Settings.SCALE, BigDecimal.ONE)));
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

  public DatasetSpec spec(Settings settings) {
    return atSize.apply(sizeFrom(settings));
  }
}
