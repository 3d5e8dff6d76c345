package dev.lancebench.measuring;

/**
 * Prepares one invocation, outside the timer and every counter, and returns what it uses (the
 * target restored to a version, the rows to take, the query to run): pytest-benchmark's {@code
 * pedantic(setup=...)}, JMH's {@code @Setup(Level.Invocation)}. A state that is {@link
 * AutoCloseable} is closed after its invocation, untimed, before the next setup: return only what
 * belongs to the invocation (a dataset opened here), never a resource shared by all of them.
 *
 * @param <S> what one invocation uses
 */
@FunctionalInterface
public interface Setup<S> {
  S prepare() throws Exception;
}
