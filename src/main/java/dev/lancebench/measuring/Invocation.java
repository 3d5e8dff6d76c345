package dev.lancebench.measuring;

/**
 * The code measured, given what its {@link Setup} prepared.
 *
 * @param <S> what the setup returned
 * @param <R> what the invocation returns (kept alive, so the JIT cannot drop the work)
 */
@FunctionalInterface
public interface Invocation<S, R> {
  R run(S state) throws Exception;
}
