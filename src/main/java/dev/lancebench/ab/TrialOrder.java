package dev.lancebench.ab;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The order of an A/B's trials: pairs, one trial of each side, alternately A B and B A (A B B A A B
 * ...), so a machine that slows down over the session burdens both sides alike; or, given a seed,
 * each pair's order drawn from it.
 */
final class TrialOrder {
  /** One trial: its side (A or B) and its number on that side, from 1. */
  record Slot(String side, int number) {}

  private TrialOrder() {}

  static List<Slot> of(int trialsPerSide, Long seed) {
    List<Slot> order = new ArrayList<>();
    SplittableRandom random = seed == null ? null : new SplittableRandom(seed);
    for (int pair = 0; pair < trialsPerSide; pair++) {
      boolean aFirst = random == null ? pair % 2 == 0 : random.nextBoolean();
      order.add(new Slot(aFirst ? "A" : "B", pair + 1));
      order.add(new Slot(aFirst ? "B" : "A", pair + 1));
    }
    return order;
  }
}
