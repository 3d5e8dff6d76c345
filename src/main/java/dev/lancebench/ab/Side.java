package dev.lancebench.ab;

import java.util.List;
import java.util.Locale;

/**
 * One side of an A/B: a lance-core version ({@code lance:7.0.0}, or a SNAPSHOT installed in the
 * local Maven repository) measured by this checkout's suite, or a revision of this project ({@code
 * git:HEAD}, a branch, a commit) with the lance-core its build names.
 *
 * @param label A or B
 * @param spec what was asked for, as typed
 * @param lanceVersion the lance-core version to build with, or null for the revision's own
 * @param revision the revision of this project whose files are built
 */
record Side(String label, String spec, String lanceVersion, String revision) {

  /** This checkout's committed state, the suite both sides of a lance:VERSION A/B run. */
  static final String CHECKOUT = "HEAD";

  static Side parse(String label, String spec) {
    String text = spec.trim();
    int colon = text.indexOf(':');
    String kind = colon < 0 ? "" : text.substring(0, colon).toLowerCase(Locale.ROOT);
    String value = colon < 0 ? "" : text.substring(colon + 1).trim();
    if (value.isEmpty() || !List.of("lance", "git").contains(kind)) {
      throw new IllegalArgumentException(
          "side "
              + label
              + " is '"
              + spec
              + "': give lance:VERSION (a lance-core release, or a SNAPSHOT installed in the local "
              + "Maven repository) or git:REVISION (a commit, branch or tag of this project)");
    }
    if (kind.equals("lance")) {
      if (!value.matches("[A-Za-z0-9._+-]+")) {
        throw new IllegalArgumentException(
            "side " + label + ": '" + value + "' is not a version (such as 7.0.0)");
      }
      return new Side(label, text, value, CHECKOUT);
    }
    if (value.startsWith("-")) {
      throw new IllegalArgumentException("side " + label + ": '" + value + "' is not a revision");
    }
    return new Side(label, text, null, value);
  }

  /** The Maven arguments that choose this side's lance-core. */
  List<String> mavenArguments() {
    return lanceVersion == null ? List.of() : List.of("-Dlance.version=" + lanceVersion);
  }
}
