package dev.lancebench.datasets;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Drops the operating system's page cache of a local dataset's files, with {@code
 * posix_fadvise(POSIX_FADV_DONTNEED)} on each (after {@code fdatasync}, since dirty pages stay), so
 * the next read comes from storage. Linux only; no privileges needed. Object stores have no page
 * cache of ours to drop.
 */
public final class PageCache {
  private static final int O_RDONLY = 0;
  private static final int POSIX_FADV_DONTNEED = 4;

  /** The few libc calls needed, through JNA's direct interface mapping. */
  interface C extends Library {
    int open(String path, int flags);

    int fdatasync(int fd);

    int posix_fadvise(int fd, long offset, long length, int advice);

    int close(int fd);
  }

  private static volatile C libc;

  private PageCache() {}

  /** Why the page cache of {@code uri} cannot be dropped here, or empty when it can. */
  public static Optional<String> whyNotDroppable(String uri) {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return Optional.of("the page cache is dropped on Linux only");
    }
    if (LocalFiles.localPath(uri).isEmpty()) {
      return Optional.of(
          uri + " is on an object store: a cold cache there means a fresh Lance session only");
    }
    return Optional.empty();
  }

  /** Drops every file under the local dataset {@code uri}; returns how many files. */
  public static int drop(String uri) {
    Path dir =
        LocalFiles.localPath(uri)
            .orElseThrow(() -> new IllegalArgumentException("not a local dataset: " + uri));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("listing the files of " + dir, e);
    }
    for (Path file : files) {
      dropFile(file);
    }
    return files.size();
  }

  static void dropFile(Path file) {
    C c = libc();
    int fd = c.open(file.toString(), O_RDONLY);
    if (fd < 0) {
      throw new IllegalStateException(
          "Cannot open " + file + " to drop its page cache (errno " + Native.getLastError() + ")");
    }
    try {
      c.fdatasync(fd);
      int rc = c.posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
      if (rc != 0) {
        throw new IllegalStateException(
            "posix_fadvise(DONTNEED) failed on " + file + " (error " + rc + ")");
      }
    } finally {
      c.close(fd);
    }
  }

  private static C libc() {
    C c = libc;
    if (c == null) {
      c = Native.load("c", C.class);
      libc = c;
    }
    return c;
  }
}
