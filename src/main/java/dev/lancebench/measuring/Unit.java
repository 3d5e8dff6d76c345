package dev.lancebench.measuring;

/** How a measure's numbers read: the reports format each unit their own way. */
public enum Unit {
  NANOSECONDS("ns"),
  BYTES("B"),
  COUNT("count");

  private final String symbol;

  Unit(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
