package dev.lancebench.running;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * One run at a time in an output folder, as datasets have one generation at a time: the run's JVMs
 * hold {@code run.lock} in the folder while they live, and the file names the run and the process
 * that stands for it (Maven, for the JVMs it forks one after another; the JVM itself for an IDE's
 * run). A run finding another live run there is refused before it touches the folder — no journal
 * or report of the other is deleted — with the run that holds it and where else to write.
 */
final class OutputLock implements AutoCloseable {
  static final String FILE = "run.lock";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final FileChannel channel;
  private final FileLock lock;

  private OutputLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The process that stands for a run: what outlives the gaps between its JVMs. */
  record Owner(long pid, String started) {
    static Owner of(ProcessHandle process) {
      return new Owner(
          process.pid(), process.info().startInstant().map(Instant::toString).orElse(""));
    }

    boolean alive() {
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .map(p -> Owner.of(p).started().equals(started)) // not a reused pid
          .orElse(false);
    }
  }

  /**
   * The owner of this JVM's run: with a run id given by the build, the nearest java process above
   * this one (Maven, its forks' launcher; a fork script may stand between them); else this JVM.
   */
  static Owner ownerOf(boolean runIdGiven) {
    if (runIdGiven) {
      Optional<ProcessHandle> ancestor = ProcessHandle.current().parent();
      for (int level = 0; level < 4 && ancestor.isPresent(); level++) {
        ProcessHandle process = ancestor.get();
        if (process.info().command().map(c -> c.endsWith("/java")).orElse(false)) {
          return Owner.of(process);
        }
        ancestor = process.parent();
      }
    }
    return Owner.of(ProcessHandle.current());
  }

  /**
   * Takes the folder for run {@code runId}, or refuses: another live JVM holds the lock, or the
   * folder's last run is another whose owner still lives.
   *
   * @param outputSetting the setting that moves the outputs, for the message
   */
  static OutputLock take(Path folder, String runId, Owner owner, String outputSetting) {
    Path file = folder.resolve(FILE);
    FileChannel channel;
    try {
      Files.createDirectories(folder);
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot open the run lock "
              + file.toAbsolutePath()
              + " ("
              + e
              + "): make the output "
              + "folder writable or choose another with -D"
              + outputSetting
              + "=DIR",
          e);
    }
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // this JVM holds it already (a run of its own earlier, not closed)
      }
      JsonNode holder = read(channel);
      String holderRun = holder.path("run_id").asText("");
      boolean sameRun = holderRun.equals(runId);
      Owner holderOwner =
          new Owner(holder.path("owner_pid").asLong(-1), holder.path("owner_started").asText(""));
      // an earlier run of this run's own owner, or of a process that started this JVM, has ended:
      // such a process starts its runs one after another (a JVM's runs in turn, Maven one run
      // per invocation), and this JVM holds the lock now
      boolean holderLives =
          !holderRun.isEmpty()
              && holderOwner.alive()
              && !holderOwner.equals(owner)
              && !startedThisJvm(holderOwner);
      if (!sameRun && (lock == null || holderLives)) {
        if (lock != null) {
          lock.release();
        }
        channel.close();
        throw new ExtensionConfigurationException(
            "Configuration error: the output folder "
                + folder.toAbsolutePath()
                + " is in use by another run ("
                + (holderRun.isEmpty() ? "its id unknown" : "run " + holderRun)
                + (holderOwner.pid() > 0 ? ", process " + holderOwner.pid() : "")
                + (holder.has("started") ? ", started " + holder.get("started").asText() : "")
                + "). Its journal and reports are left alone. Wait for it to end, or write this "
                + "run elsewhere with -D"
                + outputSetting
                + "=DIR.");
      }
      if (!sameRun) {
        write(channel, runId, owner);
      }
      return new OutputLock(channel, lock);
    } catch (IOException e) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the first failure is the one to tell
      }
      throw new UncheckedIOException("taking the run lock " + file.toAbsolutePath(), e);
    }
  }

  /** Whether {@code owner} is this JVM or one of the processes above it. */
  private static boolean startedThisJvm(Owner owner) {
    Optional<ProcessHandle> process = Optional.of(ProcessHandle.current());
    for (int level = 0; level < 8 && process.isPresent(); level++) {
      if (Owner.of(process.get()).equals(owner)) {
        return true;
      }
      process = process.get().parent();
    }
    return false;
  }

  private static JsonNode read(FileChannel channel) throws IOException {
    long size = channel.size();
    if (size == 0 || size > 64 * 1024) {
      return MAPPER.createObjectNode();
    }
    ByteBuffer bytes = ByteBuffer.allocate((int) size);
    channel.read(bytes, 0);
    try {
      return MAPPER.readTree(new String(bytes.array(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return MAPPER.createObjectNode(); // a torn write of a killed run: nobody's lock
    }
  }

  private static void write(FileChannel channel, String runId, Owner owner) throws IOException {
    ObjectNode record = MAPPER.createObjectNode();
    record.put("run_id", runId);
    record.put("owner_pid", owner.pid());
    record.put("owner_started", owner.started());
    record.put("started", Instant.now().toString());
    byte[] bytes = MAPPER.writeValueAsBytes(record);
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(bytes), 0);
    channel.force(true);
  }

  @Override
  public void close() {
    try {
      if (lock != null) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      // the JVM's end releases it all the same
    }
  }
}
