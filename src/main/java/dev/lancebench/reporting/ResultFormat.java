package dev.lancebench.reporting;

import java.io.IOException;
import java.io.OutputStream;

/** One way of writing a finished run (terminal table, BMF, results JSON). */
public interface ResultFormat {
  void write(RunReport report, OutputStream out) throws IOException;
}
