package dev.lancebench.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What differs between the setups of two runs' metadata: versions, machine, dataset sizes. */
final class SetupDifferences {
  private SetupDifferences() {}

  /**
   * One line when the two runs were made on different setups; comparing two lance-core versions is
   * a purpose, so it is said, not refused.
   */
  static Optional<String> between(JsonNode before, JsonNode after) {
    List<String> differences = new ArrayList<>();
    for (String key : List.of("lance_core_version", "cores", "jvm", "os", "default_sizes")) {
      String a = before.path(key).asText("");
      String b = after.path(key).asText("");
      if (!a.isEmpty() && !b.isEmpty() && !a.equals(b)) {
        differences.add(key + " " + a + " -> " + b);
      }
    }
    Map<String, String> rowsBefore = datasetRows(before);
    Map<String, String> rowsAfter = datasetRows(after);
    rowsAfter.forEach(
        (name, rows) -> {
          String was = rowsBefore.get(name);
          if (was != null && !was.equals(rows)) {
            differences.add("dataset " + name + " rows " + was + " -> " + rows);
          }
        });
    return differences.isEmpty()
        ? Optional.empty()
        : Optional.of(
            "The baseline was measured on another setup ("
                + String.join("; ", differences)
                + "): the deltas include that difference.");
  }

  private static Map<String, String> datasetRows(JsonNode metadata) {
    Map<String, String> rows = new LinkedHashMap<>();
    metadata
        .path("datasets")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().has("rows")) {
                rows.put(e.getKey(), e.getValue().get("rows").asText());
              }
            });
    return rows;
  }
}
