package dev.lancebench.catalog;

import dev.lancebench.datasets.LocalFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * An exclusive lock for making sure a local dataset is complete: held while it is inspected and
 * generated, so two runs on one folder never both generate it, and one never clears the other's
 * files as leftovers. The waiting run says so, then finds the dataset complete. A lock file ({@code
 * .<name>.lance.lock}) beside the dataset; the operating system releases it when its JVM ends,
 * however it ends. Object stores have no such lock: a run does not generate into a bucket.
 */
final class GenerationLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private GenerationLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static GenerationLock acquire(String uri, String name, PrintStream console) {
    Path dataset = LocalFiles.localPath(uri).orElse(null);
    if (dataset == null) {
      return new GenerationLock(null, null);
    }
    Path file = dataset.toAbsolutePath().resolveSibling("." + dataset.getFileName() + ".lock");
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        console.printf(
            "%s: waiting for another run that is generating %s (it holds %s)%n", name, uri, file);
        long start = System.nanoTime();
        lock = channel.lock();
        console.printf(
            Locale.ROOT,
            "%s: the other run is done (waited %.1f s); using what it made%n",
            name,
            (System.nanoTime() - start) / 1e9);
      }
      return new GenerationLock(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot lock "
              + file
              + " to generate the '"
              + name
              + "' dataset ("
              + e.getMessage()
              + "). Make its folder writable, or point bench.data at another location.",
          e);
    }
  }

  @Override
  public void close() {
    try {
      if (lock != null) {
        lock.release();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // closing the channel releases the lock in any case
    }
  }
}
