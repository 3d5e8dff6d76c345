package dev.lancebench.catalog;

import dev.lancebench.datasets.DatasetDefinition;

import dev.lancebench.datasets.basic.BasicDataset;
import dev.lancebench.datasets.countrows.CountRowsDataset;
import dev.lancebench.datasets.tpch.TpchDataset;
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

  public DatasetRegistry(List<DatasetDefinition> definitions) {
    for (DatasetDefinition d : definitions) {
      if (this.definitions.put(d.name(), d) != null) {
        throw new IllegalArgumentException("dataset '" + d.name() + "' is registered twice");
      }
    }
  }

  public static DatasetRegistry standard() {
    return new DatasetRegistry(
        List.of(BasicDataset.DEFINITION, TpchDataset.DEFINITION, CountRowsDataset.DEFINITION));
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

  /** In registration order. */
  public List<String> names() {
    return List.copyOf(definitions.keySet());
  }

  public Map<String, DatasetDefinition> definitions() {
    return Collections.unmodifiableMap(definitions);
  }
}
