package dev.lancebench.running;

import org.lance.Dataset;

/** The code a benchmark measures, given a dataset opened before the measurement. */
@FunctionalInterface
public interface DatasetWorkload<R> {
  R run(Dataset dataset) throws Exception;
}
