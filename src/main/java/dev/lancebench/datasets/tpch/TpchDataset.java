package dev.lancebench.datasets.tpch;

import dev.lancebench.datasets.DatasetDefinition;
import dev.lancebench.datasets.DatasetMismatchException;
import dev.lancebench.datasets.DatasetPlace;
import dev.lancebench.datasets.DatasetState;
import dev.lancebench.datasets.LanceInspection;
import dev.lancebench.datasets.MemoryResident;
import dev.lancebench.datasets.Progress;
import dev.lancebench.settings.Setting;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;

/**
 * The {@code tpch} dataset: TPC-H {@code lineitem} at a scale factor (10 by default, 59,986,052
 * rows, as the Python suite generates). Types: keys int64, line number int32, quantity, price,
 * discount and tax decimal(15,2) (the TPC-H spec's DECIMAL), dates date32, flags and strings utf8.
 *
 * <p>Two copies, as upstream has them: {@code tpch} in Lance file format 2.0 and {@code tpch-2.1}
 * in 2.1, the same rows, both at {@code bench.tpch.sf}. The version is given when writing
 * (lance-core 7.0.0 writes 2.1 by default) and checked when inspecting. {@code mem-tpch} and {@code
 * mem-tpch-2.1} are the in-memory copies ({@code memory://}) at scale factor 1 ({@code
 * bench.mem-tpch.sf}), written once per JVM and kept open: lance-core 7.0.0 cannot open a {@code
 * memory://} dataset again (each open gets a new, empty store).
 *
 * <p>The scale factor is stored in the schema's metadata, committed in the same step as the rows: a
 * committed dataset with rows is a complete one (Lance commits a write at its end, all or nothing).
 */
public final class TpchDataset implements MemoryResident {
  public static final String NAME = "tpch";
  public static final double DEFAULT_SCALE_FACTOR = 10;
  public static final String SCALE_FACTOR_KEY = "lance_bench.tpch.scale_factor";
  public static final Setting<BigDecimal> SCALE_FACTOR_SETTING = Setting.positive("bench.tpch.sf");

  /** dbgen makes 1,500,000 orders per unit of scale factor; below one order it makes nothing. */
  static final BigDecimal ORDERS_PER_SCALE_FACTOR = BigDecimal.valueOf(1_500_000);

  public static final String NAME_2_1 = "tpch-2.1";

  /** Lance file format (data storage) versions of the two copies. */
  public static final String VERSION_2_0 = "2.0";

  public static final String VERSION_2_1 = "2.1";
  public static final Setting<BigDecimal> MEMORY_SCALE_FACTOR_SETTING =
      Setting.positive("bench.mem-tpch.sf");

  public static final DatasetDefinition DEFINITION =
      new DatasetDefinition(
          NAME,
          "TPC-H lineitem at scale factor 10 (59,986,052 rows), Lance file format 2.0, io.trino.tpch",
          SCALE_FACTOR_SETTING,
          "--tpch-sf",
          BigDecimal.valueOf(10),
          false,
          sf -> new TpchDataset(NAME, sf.doubleValue(), VERSION_2_0));

  public static final DatasetDefinition DEFINITION_2_1 =
      new DatasetDefinition(
          NAME_2_1,
          "the same lineitem rows in Lance file format 2.1 (scale factor: --tpch-sf)",
          SCALE_FACTOR_SETTING,
          "--tpch-sf",
          BigDecimal.valueOf(10),
          false,
          sf -> new TpchDataset(NAME_2_1, sf.doubleValue(), VERSION_2_1));

  /** In memory, per JVM: scale factor 1 as upstream's {@code mem-tpch}. */
  public static final DatasetDefinition MEMORY_DEFINITION =
      new DatasetDefinition(
          "mem-tpch",
          "lineitem at scale factor 1 in memory://, Lance file format 2.0, written once per JVM",
          MEMORY_SCALE_FACTOR_SETTING,
          "--mem-tpch-sf",
          BigDecimal.ONE,
          false,
          sf -> new TpchDataset("mem-tpch", sf.doubleValue(), VERSION_2_0));

  public static final DatasetDefinition MEMORY_DEFINITION_2_1 =
      new DatasetDefinition(
          "mem-tpch-2.1",
          "lineitem at scale factor 1 in memory://, Lance file format 2.1, written once per JVM",
          MEMORY_SCALE_FACTOR_SETTING,
          "--mem-tpch-sf",
          BigDecimal.ONE,
          false,
          sf -> new TpchDataset("mem-tpch-2.1", sf.doubleValue(), VERSION_2_1));

  /** lineitem rows at the scale factors TPC-H publishes (and dbgen produces). */
  private static final Map<BigDecimal, Long> KNOWN_ROWS =
      Map.of(
          new BigDecimal("0.01"), 60_175L,
          new BigDecimal("0.1"), 600_572L,
          new BigDecimal("1"), 6_001_215L,
          new BigDecimal("10"), 59_986_052L,
          new BigDecimal("100"), 600_037_902L);

  private final String name;
  private final double scaleFactor;
  private final String storageVersion;

  /** {@code tpch} (file format 2.0) at a scale factor. */
  public TpchDataset(double scaleFactor) {
    this(NAME, scaleFactor, VERSION_2_0);
  }

  public TpchDataset(String name, double scaleFactor, String storageVersion) {
    if (!(scaleFactor > 0)) {
      throw new IllegalArgumentException(
          "TPC-H scale factor must be positive, got " + scaleFactor + " (set bench.tpch.sf)");
    }
    if (BigDecimal.valueOf(scaleFactor).multiply(ORDERS_PER_SCALE_FACTOR).compareTo(BigDecimal.ONE)
        < 0) {
      throw new IllegalArgumentException(
          "TPC-H scale factor "
              + scaleFactor
              + " generates no rows (dbgen makes 1,500,000 orders per unit of scale factor). "
              + "Set bench.tpch.sf (or bench.scale) so that it is at least 0.000001.");
    }
    this.name = name;
    this.scaleFactor = scaleFactor;
    this.storageVersion = storageVersion;
  }

  /** The Lance file format version the rows are written in ("2.0", "2.1"). */
  public String storageVersion() {
    return storageVersion;
  }

  public double scaleFactor() {
    return scaleFactor;
  }

  /** The scale factor as written in metadata and messages: "10", "0.01". */
  public String scaleFactorText() {
    return BigDecimal.valueOf(scaleFactor).stripTrailingZeros().toPlainString();
  }

  /** The row count TPC-H publishes for this scale factor, when it is one of those. */
  public OptionalLong knownRows() {
    for (Map.Entry<BigDecimal, Long> e : KNOWN_ROWS.entrySet()) {
      if (e.getKey().compareTo(BigDecimal.valueOf(scaleFactor)) == 0) {
        return OptionalLong.of(e.getValue());
      }
    }
    return OptionalLong.empty();
  }

  static Field field(String name, ArrowType type) {
    return new Field(name, FieldType.notNullable(type), null);
  }

  /** The lineitem schema, without metadata (what "the same schema" compares). */
  public static List<Field> fields() {
    ArrowType money = new ArrowType.Decimal(15, 2, 128);
    ArrowType date = new ArrowType.Date(DateUnit.DAY);
    ArrowType key = new ArrowType.Int(64, true);
    return List.of(
        field("l_orderkey", key),
        field("l_partkey", key),
        field("l_suppkey", key),
        field("l_linenumber", new ArrowType.Int(32, true)),
        field("l_quantity", money),
        field("l_extendedprice", money),
        field("l_discount", money),
        field("l_tax", money),
        field("l_returnflag", ArrowType.Utf8.INSTANCE),
        field("l_linestatus", ArrowType.Utf8.INSTANCE),
        field("l_shipdate", date),
        field("l_commitdate", date),
        field("l_receiptdate", date),
        field("l_shipinstruct", ArrowType.Utf8.INSTANCE),
        field("l_shipmode", ArrowType.Utf8.INSTANCE),
        field("l_comment", ArrowType.Utf8.INSTANCE));
  }

  /** The schema written, with the scale factor in its metadata. */
  public Schema schema() {
    Map<String, String> metadata = new HashMap<>();
    metadata.put(SCALE_FACTOR_KEY, scaleFactorText());
    return new Schema(fields(), metadata);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long expectedRows() {
    return knownRows().orElse(Math.max(1, (long) (scaleFactor * 6_000_000)));
  }

  @Override
  public Map<String, Object> size() {
    return Map.of(
        "scale_factor", new BigDecimal(scaleFactorText()), "file_format_version", storageVersion);
  }

  @Override
  public String datagenArguments() {
    return DEFINITION.datagenOption() + " " + scaleFactorText();
  }

  @Override
  public void generate(DatasetState found, DatasetPlace at, Progress progress) {
    new TpchGenerator(this).generate(found, at, progress);
  }

  @Override
  public DatasetState inspect(DatasetPlace at) {
    return LanceInspection.inspect(at, name, fields(), dataset -> checkVersion(at.uri(), dataset));
  }

  /**
   * Writes the table to {@code uri} (a {@code memory://} URI for the in-memory copies) and returns
   * the dataset open: the caller closes it.
   */
  @Override
  public Dataset writeOpen(String uri, BufferAllocator allocator, Progress progress) {
    return new TpchGenerator(this).writeOpen(uri, allocator, progress);
  }

  private DatasetState checkVersion(String uri, Dataset dataset) {
    String written = dataset.getLanceFileFormatVersion();
    if (!storageVersion.equals(written)) { // appending to it would write the other format too
      throw new DatasetMismatchException(
          String.format(
              Locale.ROOT,
              "The '%s' dataset at %s is written in Lance file format %s, but '%s' is the "
                  + "lineitem table in format %s (earlier versions of this suite wrote lance-core's "
                  + "default). Delete %s so it is generated again.",
              name,
              uri,
              written,
              name,
              storageVersion,
              uri));
    }
    return checkScale(uri, dataset);
  }

  private DatasetState checkScale(String uri, Dataset dataset) {
    Schema actual = dataset.getSchema();
    long rows = dataset.countRows();
    if (rows == 0) {
      return DatasetState.EMPTY;
    }
    String written =
        actual.getCustomMetadata() == null
            ? null
            : actual.getCustomMetadata().get(SCALE_FACTOR_KEY);
    boolean sameScale =
        written != null
            ? new BigDecimal(written).compareTo(BigDecimal.valueOf(scaleFactor)) == 0
            : knownRows().isPresent() && knownRows().getAsLong() == rows;
    if (!sameScale) {
      throw new DatasetMismatchException(
          String.format(
              Locale.ROOT,
              "The '%s' dataset at %s holds TPC-H scale factor %s (%,d rows), but this run "
                  + "expects scale factor %s (bench.tpch.sf, bench.scale, or --tpch-sf for datagen). Set "
                  + "bench.tpch.sf=%s, point bench.data at another location, or delete %s so "
                  + "it is generated again.",
              name,
              uri,
              written == null ? "unknown" : written,
              rows,
              scaleFactorText(),
              written == null ? "<its scale factor>" : written,
              uri));
    }
    if (knownRows().isPresent() && knownRows().getAsLong() != rows) {
      throw new DatasetMismatchException(
          String.format(
              Locale.ROOT,
              "The '%s' dataset at %s has %,d rows, but TPC-H scale factor %s has %,d. "
                  + "Delete %s so it is generated again.",
              name,
              uri,
              rows,
              scaleFactorText(),
              knownRows().getAsLong(),
              uri));
    }
    return DatasetState.COMPLETE;
  }
}
