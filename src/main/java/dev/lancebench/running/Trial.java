package dev.lancebench.running;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * This run as one trial of an A/B ({@code -Dbench.trial=B:3}, set by {@code compare/ab}): the side
 * it measures and its number on that side, from 1. Recorded in results.json and the saved run.
 */
public record Trial(String side, int number) {
  private static final Pattern FORM = Pattern.compile("\\s*([AB])\\s*:\\s*(\\d+)\\s*");

  public Trial {
    if (!side.equals("A") && !side.equals("B") || number < 1) {
      throw new IllegalArgumentException("a trial is SIDE:NUMBER, A or B and from 1");
    }
  }

  /** Reads {@code SIDE:NUMBER}. */
  public static Trial parse(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("not SIDE:NUMBER");
    }
    try {
      return new Trial(m.group(1), Integer.parseInt(m.group(2)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not SIDE:NUMBER");
    }
  }

  /** As results.json holds it. */
  public Map<String, Object> facts() {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("side", side);
    facts.put("number", number);
    return facts;
  }
}
