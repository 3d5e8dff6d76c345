package dev.lancebench.datasets;

/**
 * A dataset URI holds something other than the dataset the suite expects (another schema, another
 * row count). The suite never overwrites it; the message names the URI and the way out.
 */
public final class DatasetMismatchException extends RuntimeException {
  public DatasetMismatchException(String message) {
    super(message);
  }
}
