package dev.lancebench.settings;

import dev.lancebench.measuring.Profiler;
import dev.lancebench.running.Shard;
import dev.lancebench.running.Trial;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one owner of lance-bench's settings: every run-wide key is declared here (each dataset's size
 * setting is declared by its dataset, read through the same rules), with one lookup order and one
 * parse rule. A value is looked up as
 *
 * <ol>
 *   <li>a value given directly: a JUnit configuration parameter for a benchmark run, a command-line
 *       option for {@code datagen/gen_all};
 *   <li>a Java system property ({@code -Dbench.tpch.sf=1});
 *   <li>an environment variable: the key upper-cased with {@code _} for every other character
 *       ({@code BENCH_TPCH_SF}), or the variable a setting names ({@code LANCE_BENCH_DATA}).
 * </ol>
 *
 * A malformed value of a strict setting is a {@link SettingException} naming the key, the value and
 * what it expects; a cosmetic one is reported and ignored. {@code false} means off for every flag.
 */
public final class Settings {
  public static final Setting<String> OUTPUT_DIR = Setting.text("bench.out");
  public static final Setting<String> BMF = Setting.text("bench.bmf");
  public static final Setting<String> RESULTS = Setting.text("bench.results");
  public static final Setting<String> DATA =
      Setting.text("bench.data").fromEnvironment("LANCE_BENCH_DATA");

  /** Scales every dataset's default size at once; a dataset's own size setting wins. */
  public static final Setting<BigDecimal> SCALE = Setting.positive("bench.scale");

  public static final Setting<Long> SEED = Setting.wholeNumber("bench.seed");
  public static final Setting<Boolean> TABLE = Setting.flag("bench.table").cosmetic();

  /**
   * Run only the i-th of n disjoint parts of the selected cases ({@code 2/4}), balanced by the
   * durations file; the parts' results merge into one run ({@code compare/merge}).
   */
  public static final Setting<Shard> SHARD =
      Setting.of("bench.shard", "i/n with 1 <= i <= n, such as 2/4", Shard::parse);

  /**
   * What each case and dataset cost earlier runs (a durations.json): shards are balanced and the
   * run's cost said up front from it. Relative to the project root.
   */
  public static final Setting<String> DURATIONS = Setting.text("bench.durations");

  /**
   * Slow every measured invocation down on purpose by this share of its own time (a percentage,
   * {@code 10%}), to calibrate a comparison. Such a run writes no results to bmf.json and is saved
   * only under a name starting with {@code calibration-}.
   */
  public static final Setting<BigDecimal> INJECT_SLOWDOWN =
      Setting.of(
          "bench.inject.slowdown",
          "a percentage from 0 to 1000, such as 10%",
          text -> {
            String number = text.trim();
            if (number.endsWith("%")) {
              number = number.substring(0, number.length() - 1).trim();
            }
            BigDecimal percent = new BigDecimal(number);
            if (percent.signum() < 0 || percent.compareTo(new BigDecimal(1000)) > 0) {
              throw new IllegalArgumentException("outside 0..1000 %");
            }
            return percent.movePointLeft(2);
          });

  /** This run as a trial of an A/B: {@code B:3} (set by compare/ab). */
  public static final Setting<Trial> TRIAL =
      Setting.of("bench.trial", "SIDE:NUMBER with SIDE A or B, such as B:3", Trial::parse);

  /** Warm the JVM's Lance paths before the run's first measurement (on by default). */
  public static final Setting<Boolean> PRIME = Setting.flag("bench.prime");

  /**
   * How long a benchmark or a generation may use no CPU before the run says it looks stalled, with
   * what its thread is doing (60 s by default; 0 never).
   */
  public static final Setting<Duration> STALL_AFTER = Setting.duration("bench.stall-after");

  /** The least measured time of every benchmark: more rounds until it is reached. */
  public static final Setting<Duration> MIN_TIME = Setting.duration("bench.min-time");

  /**
   * Profile the measured invocations of every benchmark: an event, a list, or async-profiler's
   * options.
   */
  public static final Setting<Profiler.Plan> PROFILE =
      Setting.of(
          "bench.profile",
          "an event (cpu, itimer, wall, alloc, nativemem, lock), a comma list of them, or "
              + "async-profiler's options without file=",
          Profiler::plan);

  /** Keep a profiled run's results in bmf.json (left out by default: profiling changes timing). */
  public static final Setting<Boolean> PROFILE_BMF = Setting.flag("bench.profile.bmf");

  /**
   * Names the run a JVM belongs to: JVMs with the same id (Maven's forks, one per benchmark class)
   * add to one journal and one set of reports. The build sets it per Maven invocation; without it
   * every JVM is a run of its own (an IDE's green arrow).
   */
  public static final Setting<String> RUN_ID = Setting.text("bench.run-id");

  /**
   * Save this run's full results as a baseline: a name, kept as {@code
   * <bench.baselines>/NAME.json}.
   */
  public static final Setting<String> SAVE = Setting.text("bench.save");

  /** Compare this run with a baseline: a saved name, or the path of a baseline file (*.json). */
  public static final Setting<String> COMPARE = Setting.text("bench.compare");

  /** The folder of saved baselines, relative to the project root (Maven's working directory). */
  public static final Setting<String> BASELINES = Setting.text("bench.baselines");

  /** The significance level of the latency test (Mann-Whitney U, two-sided). */
  public static final Setting<BigDecimal> COMPARE_ALPHA =
      Setting.of(
          "bench.compare.alpha",
          "a significance level between 0 and 0.5, such as 0.01",
          text -> {
            BigDecimal value = new BigDecimal(text.trim());
            if (value.signum() <= 0 || value.compareTo(new BigDecimal("0.5")) > 0) {
              throw new IllegalArgumentException("outside (0, 0.5]");
            }
            return value;
          });

  /** The least latency change (percent) that counts as a change at all, significant or not. */
  public static final Setting<BigDecimal> COMPARE_MIN_CHANGE =
      Setting.of("bench.compare.min-change", "a percentage such as 5 or 5%", Settings::percent);

  /**
   * Fail the run when a compared benchmark got worse by more than this percentage (latency: and
   * significantly). Per measure: {@code bench.fail-on-regression.MEASURE}, e.g. {@code
   * bench.fail-on-regression.read_bytes=0}.
   */
  public static final Setting<BigDecimal> FAIL_ON_REGRESSION =
      Setting.of("bench.fail-on-regression", "a percentage such as 10 or 10%", Settings::percent);

  /** Colour in the summary table: auto (a terminal, NO_COLOR unset), always or never. */
  public static final Setting<String> COLOR =
      Setting.of(
              "bench.color",
              "auto, always or never",
              text -> {
                String value = text.trim().toLowerCase(Locale.ROOT);
                if (!value.equals("auto") && !value.equals("always") && !value.equals("never")) {
                  throw new IllegalArgumentException("one of auto, always, never");
                }
                return value;
              })
          .cosmetic();

  /** Where the HTML report goes. */
  public static final Setting<String> HTML = Setting.text("bench.html");

  public static final Setting<String> STORAGE_FILE = Setting.text("bench.storage-file");

  /** Prefix of the Lance storage options given one by one: {@code bench.storage.KEY=VALUE}. */
  public static final String STORAGE_PREFIX = "bench.storage.";

  public static final Setting<String> GCP_METADATA = Setting.text("bench.gcp.metadata");
  public static final Setting<String> GCP_DMI = Setting.text("bench.gcp.dmi");

  /** Storage option keys that hold secrets. */
  private static final Pattern SECRET =
      Pattern.compile("(?i)secret|password|token|private|credential|_key$|sas");

  private final Function<String, Optional<String>> given;
  private final Properties systemProperties;
  private final Function<String, String> environment;
  private final PrintStream warnings;

  public Settings(
      Function<String, Optional<String>> given,
      Properties systemProperties,
      Function<String, String> environment,
      PrintStream warnings) {
    this.given = given;
    this.systemProperties = systemProperties;
    this.environment = environment;
    this.warnings = warnings;
  }

  /** Values given directly first, then this JVM's system properties and environment. */
  public static Settings of(Function<String, Optional<String>> given, PrintStream warnings) {
    return new Settings(given, System.getProperties(), System::getenv, warnings);
  }

  /** The raw text of a setting, and where it came from, in the lookup order. */
  public Optional<String> raw(Setting<?> setting) {
    Optional<String> value = given.apply(setting.key());
    if (value.isPresent()) {
      return value;
    }
    String property = systemProperties.getProperty(setting.key());
    if (property != null) {
      return Optional.of(property);
    }
    return Optional.ofNullable(environment.apply(setting.environment()));
  }

  /**
   * A benchmark's own size: {@code setting} when it is given, else {@code fullSize} (upstream's)
   * times {@code bench.scale}, whole, at least {@code atLeast}.
   */
  public long sizeOr(Setting<BigDecimal> setting, long fullSize, long atLeast) {
    BigDecimal size = get(setting).orElseGet(() -> scaled(fullSize, get(SCALE, BigDecimal.ONE)));
    return Math.max(atLeast, size.longValue());
  }

  /**
   * A benchmark's own size given as a share of upstream's: {@code fullSize} times {@code
   * scaleSetting} when it is given, else times {@code bench.scale}; whole, at least {@code
   * atLeast}. The same rounding as {@link #sizeOr}.
   */
  public long scaledSizeOr(Setting<BigDecimal> scaleSetting, long fullSize, long atLeast) {
    BigDecimal scale = get(scaleSetting).orElseGet(() -> get(SCALE, BigDecimal.ONE));
    return Math.max(atLeast, scaled(fullSize, scale).longValue());
  }

  private static BigDecimal scaled(long fullSize, BigDecimal scale) {
    return BigDecimal.valueOf(fullSize).multiply(scale).setScale(0, RoundingMode.HALF_UP);
  }

  /** The value, when it is given; throws for a malformed value of a strict setting. */
  public <T> Optional<T> get(Setting<T> setting) {
    Optional<String> text = raw(setting);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(setting.parseText(text.get()));
    } catch (RuntimeException e) {
      // a parser's own explanation (not a number parser's, which only repeats the value)
      String why =
          e.getClass() == IllegalArgumentException.class && e.getMessage() != null
              ? " (" + e.getMessage() + ")"
              : "";
      String problem =
          String.format("%s=%s is not %s%s", setting.key(), text.get(), setting.expects(), why);
      if (setting.strict()) {
        throw new SettingException(
            "Configuration error: "
                + problem
                + ". Fix the value (as -D"
                + setting.key()
                + "=..., a JUnit configuration parameter, or the environment variable "
                + setting.environment()
                + ") or leave it out for the default.");
      }
      warnings.println("lance-bench: ignoring " + problem);
      return Optional.empty();
    }
  }

  public <T> T get(Setting<T> setting, T otherwise) {
    return get(setting).orElse(otherwise);
  }

  public boolean isOn(Setting<Boolean> flag, boolean otherwise) {
    return get(flag).orElse(otherwise);
  }

  public Path outputDir() {
    return Path.of(get(OUTPUT_DIR, "target/bench"));
  }

  /**
   * Every {@code bench.storage.KEY} given as a system property or as an environment variable {@code
   * BENCH_STORAGE_KEY} (the key lower-cased); the property wins. JUnit configuration parameters
   * cannot be listed by prefix, so storage options come from these two or from the storage options
   * file.
   */
  public Map<String, String> storageOptionsGivenOneByOne(Map<String, String> environmentVariables) {
    Map<String, String> options = new TreeMap<>();
    String envPrefix = Setting.environmentName(STORAGE_PREFIX);
    environmentVariables.forEach(
        (name, value) -> {
          if (name.startsWith(envPrefix)
              && name.length() > envPrefix.length()
              && !name.equals(STORAGE_FILE.environment())) {
            options.put(name.substring(envPrefix.length()).toLowerCase(Locale.ROOT), value);
          }
        });
    for (String key : systemProperties.stringPropertyNames()) {
      if (key.startsWith(STORAGE_PREFIX) && key.length() > STORAGE_PREFIX.length()) {
        options.put(key.substring(STORAGE_PREFIX.length()), systemProperties.getProperty(key));
      }
    }
    return options;
  }

  /** Whether a storage option's key names a secret (a key, a token, a password ...). */
  public static boolean isSecret(String option) {
    return SECRET.matcher(option).find();
  }

  /**
   * The explicit step at the start of a run, after the storage options were read: every secret
   * {@code bench.storage.KEY} given as a system property is taken out of them (build tools record
   * system properties in their reports), and its owner told where it belongs. Under Maven such a
   * property is refused before the test JVM starts (the build's validate phase); this covers other
   * launchers. Returns the keys taken out.
   */
  public List<String> removeSecretSystemProperties() {
    List<String> removed = new ArrayList<>();
    for (String key : systemProperties.stringPropertyNames()) {
      if (key.startsWith(STORAGE_PREFIX) && isSecret(key.substring(STORAGE_PREFIX.length()))) {
        systemProperties.remove(key);
        removed.add(key);
        warnings.println(
            "lance-bench: "
                + key
                + " is a secret given as a system property; build tools "
                + "record those in their reports. Give it in the storage options file "
                + "(-D"
                + STORAGE_FILE.key()
                + "=PATH) or as the environment variable "
                + Setting.environmentName(key)
                + ".");
      }
    }
    return removed;
  }

  /** The per-measure regression threshold, {@code bench.fail-on-regression.MEASURE}. */
  public static Setting<BigDecimal> failOnRegression(String measure) {
    return Setting.of(
        FAIL_ON_REGRESSION.key() + "." + measure,
        "a percentage such as 10 or 10%",
        Settings::percent);
  }

  /**
   * The per-measure settings given as system properties or environment variables whose measure is
   * not in {@code known}: a typo there would silently switch a gate off.
   */
  public List<String> unknownPerMeasureGates(
      Set<String> known, Map<String, String> environmentVariables) {
    List<String> unknown = new ArrayList<>();
    String prefix = FAIL_ON_REGRESSION.key() + ".";
    for (String key : systemProperties.stringPropertyNames()) {
      if (key.startsWith(prefix) && !known.contains(key.substring(prefix.length()))) {
        unknown.add(key);
      }
    }
    String envPrefix = Setting.environmentName(prefix);
    environmentVariables.forEach(
        (name, value) -> {
          if (name.startsWith(envPrefix)
              && !known.contains(name.substring(envPrefix.length()).toLowerCase(Locale.ROOT))) {
            unknown.add(name);
          }
        });
    return unknown;
  }

  /** A percentage: a number at least 0, with or without a trailing {@code %}. */
  static BigDecimal percent(String text) {
    String number = text.trim();
    if (number.endsWith("%")) {
      number = number.substring(0, number.length() - 1).trim();
    }
    BigDecimal value = new BigDecimal(number);
    if (value.signum() < 0) {
      throw new IllegalArgumentException("a percentage cannot be negative");
    }
    return value;
  }

  /** The same settings with more values given directly (they win over everything). */
  public Settings with(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return new Settings(
        key -> copy.containsKey(key) ? Optional.of(copy.get(key)) : given.apply(key),
        systemProperties,
        environment,
        warnings);
  }
}
