package dev.lancebench.datasets;

/**
 * A dataset URI holds something other than the dataset the suite expects (another schema, another
 * row count), or something that cannot be opened. The suite never overwrites it; the message names
 * the URI and the way out.
 */
public final class DatasetMismatchException extends RuntimeException {
  public DatasetMismatchException(String message) {
    super(message);
  }

  public DatasetMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
