package dev.lancebench.datasets;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** The local-file side of a dataset location: its folder, when it has one, and removing folders. */
public final class LocalFiles {
  private LocalFiles() {}

  /**
   * The local folder of {@code uri} (a path or a {@code file://} URI); empty for an object store.
   */
  public static Optional<Path> localPath(String uri) {
    if (uri.startsWith("file://")) {
      return Optional.of(Path.of(URI.create(uri)));
    }
    if (DatasetLocation.hasScheme(uri)) {
      return Optional.empty();
    }
    return Optional.of(Path.of(uri));
  }

  /** Removes a folder and everything in it; nothing when it is not there. */
  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
