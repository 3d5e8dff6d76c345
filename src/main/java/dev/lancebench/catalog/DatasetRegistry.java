package dev.lancebench.catalog;

import dev.lancebench.datasets.DatasetDefinition;
import dev.lancebench.datasets.basic.BasicDataset;
import dev.lancebench.datasets.countrows.CountRowsDataset;
import dev.lancebench.datasets.europarl.EuroparlDataset;
import dev.lancebench.datasets.mergeinsert.MergeInsertNarrowDataset;
import dev.lancebench.datasets.mergeinsert.MergeInsertWideDataset;
import dev.lancebench.datasets.tpch.TpchDataset;
import dev.lancebench.datasets.vectors.ClusteredVectorsDataset;
import dev.lancebench.datasets.vectors.VectorsDataset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every dataset the suite can generate, by name. Adding a dataset: a package with its spec and
 * generator, and one line in {@link #standard()}.
 */
public final class DatasetRegistry {
  private final Map<String, DatasetDefinition> definitions = new LinkedHashMap<>();
  private final Map<String, DatasetDefinition> inMemory = new LinkedHashMap<>();

  public DatasetRegistry(List<DatasetDefinition> definitions) {
    this(definitions, List.of());
  }

  /**
   * @param definitions the datasets stored at the dataset location
   * @param inMemory the datasets written into memory once per JVM (their specs are {@link
   *     dev.lancebench.datasets.MemoryResident}); never stored, so datagen does not list them
   */
  public DatasetRegistry(List<DatasetDefinition> definitions, List<DatasetDefinition> inMemory) {
    for (DatasetDefinition d : definitions) {
      if (this.definitions.put(d.name(), d) != null) {
        throw new IllegalArgumentException("dataset '" + d.name() + "' is registered twice");
      }
    }
    for (DatasetDefinition d : inMemory) {
      if (this.definitions.containsKey(d.name()) || this.inMemory.put(d.name(), d) != null) {
        throw new IllegalArgumentException("dataset '" + d.name() + "' is registered twice");
      }
    }
  }

  public static DatasetRegistry standard() {
    return new DatasetRegistry(
        List.of(
            BasicDataset.DEFINITION,
            TpchDataset.DEFINITION,
            TpchDataset.DEFINITION_2_1,
            CountRowsDataset.DEFINITION,
            VectorsDataset.DEFINITION_100K,
            VectorsDataset.DEFINITION_1M,
            ClusteredVectorsDataset.DEFINITION,
            EuroparlDataset.DEFINITION,
            MergeInsertNarrowDataset.DEFINITION,
            MergeInsertWideDataset.DEFINITION),
        List.of(TpchDataset.MEMORY_DEFINITION, TpchDataset.MEMORY_DEFINITION_2_1));
  }

  /** An in-memory dataset's definition. */
  public Optional<DatasetDefinition> findInMemory(String name) {
    return Optional.ofNullable(inMemory.get(name));
  }

  public Optional<DatasetDefinition> find(String name) {
    return Optional.ofNullable(definitions.get(name));
  }

  public DatasetDefinition require(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Unknown dataset '" + name + "'. Known datasets: " + names() + "."));
  }

  public List<String> inMemoryNames() {
    return List.copyOf(inMemory.keySet());
  }

  /** In registration order. */
  public List<String> names() {
    return List.copyOf(definitions.keySet());
  }

  public Map<String, DatasetDefinition> definitions() {
    return Collections.unmodifiableMap(definitions);
  }
}
