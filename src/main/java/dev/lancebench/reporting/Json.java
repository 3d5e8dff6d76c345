package dev.lancebench.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.io.IOException;
import java.io.OutputStream;

/** The one ObjectMapper of the reports, and numbers written as integers when they are whole. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  static JsonNode number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return LongNode.valueOf((long) value);
    }
    return DoubleNode.valueOf(value);
  }

  static void write(JsonNode node, OutputStream out) throws IOException {
    byte[] bytes = MAPPER.writeValueAsBytes(node);
    out.write(bytes);
    out.write('\n');
  }
}
