package dev.lancebench.running;

import org.lance.Dataset;

/**
 * The code a benchmark measures on a dataset in a cache state, given the dataset as opened for this
 * invocation and what the benchmark's setup prepared for it.
 *
 * @param <S> what the setup returned
 * @param <R> what the invocation returns
 */
@FunctionalInterface
public interface DatasetWorkload<S, R> {
  R run(Dataset dataset, S state) throws Exception;
}
