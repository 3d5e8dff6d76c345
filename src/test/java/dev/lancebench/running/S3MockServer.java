package dev.lancebench.running;

import dev.lancebench.running.s3mock.LoopbackHttpConnector;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Adobe's S3Mock (the exec jar the build copies to target/s3mock) as a child process, both its
 * connectors bound to 127.0.0.1 (the HTTP one through {@link LoopbackHttpConnector}). Stopped by
 * {@link #close()}.
 */
final class S3MockServer implements AutoCloseable {
  static final String JAR_PROPERTY = "bench.s3mock.jar";

  final int port;
  final String bucket;
  private final Process process;
  private final Path log;

  private S3MockServer(int port, String bucket, Process process, Path log) {
    this.port = port;
    this.bucket = bucket;
    this.process = process;
    this.log = log;
  }

  static Path jar() {
    String jar = System.getProperty(JAR_PROPERTY);
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "The S3Mock jar is not at "
              + jar
              + ": run the tests through Maven (mvn test), which copies it to target/s3mock.");
    }
    return Path.of(jar);
  }

  static S3MockServer start(Path root, String bucket) throws Exception {
    int port = freeLoopbackPort();
    Path log = root.resolveSibling(root.getFileName() + "-s3mock.log");
    Files.createDirectories(root);
    // the customizer that binds S3Mock's HTTP connector to loopback and decodes %2F, on the
    // loader path of S3Mock's Spring Boot launcher
    Path extension = root.resolveSibling(root.getFileName() + "-extension");
    String classFile = LoopbackHttpConnector.class.getName().replace('.', '/') + ".class";
    Path target = extension.resolve(classFile);
    Files.createDirectories(target.getParent());
    try (var in = S3MockServer.class.getClassLoader().getResourceAsStream(classFile)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-cp",
            jar().toString(),
            "-Dloader.path=" + extension,
            "-Dloader.main=com.adobe.testing.s3mock.S3MockApplication",
            "org.springframework.boot.loader.launch.PropertiesLauncher",
            "--spring.main.sources=" + LoopbackHttpConnector.class.getName(),
            // HTTPS on a random loopback port; the HTTP connector (loopback too) is what Lance uses
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--com.adobe.testing.s3mock.httpPort=" + port,
            "--com.adobe.testing.s3mock.store.initialBuckets=" + bucket,
            "--com.adobe.testing.s3mock.store.root=" + root,
            "--spring.main.banner-mode=off");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    S3MockServer server = new S3MockServer(port, bucket, process, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!server.ready()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        server.close();
        throw new IllegalStateException(
            "S3Mock did not start on 127.0.0.1:" + port + ":\n" + Files.readString(log));
      }
      Thread.sleep(200);
    }
    return server;
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  private boolean ready() {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) new URL(endpoint() + "/" + bucket).openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2_000);
      int status = connection.getResponseCode();
      connection.disconnect();
      return status == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
  }
}
