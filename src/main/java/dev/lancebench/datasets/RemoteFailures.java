package dev.lancebench.datasets;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Tells a location that cannot be reached (no network, a name that does not resolve, a refused or
 * timed-out connection) from other failures, in Java's exceptions and in the texts of lance-core's
 * native errors, and names the real cause.
 */
public final class RemoteFailures {
  /**
   * Words of the object store client's errors (Rust's reqwest and hyper) for an unreachable host.
   */
  private static final List<String> UNREACHABLE_TEXTS =
      List.of(
          "dns error",
          "failed to lookup address",
          "name or service not known",
          "temporary failure in name resolution",
          "connection refused",
          "no route to host",
          "network is unreachable",
          "operation timed out",
          "error sending request", // reqwest: the request never reached a server
          "unknownhostexception");

  private RemoteFailures() {}

  public static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  public static boolean isUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UnknownHostException
          || t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException) {
        return true;
      }
      String text = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (UNREACHABLE_TEXTS.stream().anyMatch(text::contains)) {
        return true;
      }
    }
    return false;
  }
}
