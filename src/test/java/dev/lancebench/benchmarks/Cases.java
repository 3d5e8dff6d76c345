package dev.lancebench.benchmarks;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The cases of a parameterized benchmark: every combination of its axes, in order. */
final class Cases {
  private Cases() {}

  /** Every pair of the two axes, in order: the cases of a two-parameter benchmark. */
  static Stream<Arguments> pairs(Object[] first, Object[] second) {
    return Stream.of(first).flatMap(a -> Stream.of(second).map(b -> Arguments.of(a, b)));
  }

  /** Every case of {@code cases} with each value of one more axis after its arguments. */
  static Stream<Arguments> times(Stream<Arguments> cases, Object[] axis) {
    return cases.flatMap(
        a ->
            Stream.of(axis)
                .map(
                    v -> {
                      Object[] before = a.get();
                      Object[] all = new Object[before.length + 1];
                      System.arraycopy(before, 0, all, 0, before.length);
                      all[before.length] = v;
                      return Arguments.of(all);
                    }));
  }
}
