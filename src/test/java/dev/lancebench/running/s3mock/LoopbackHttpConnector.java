package dev.lancebench.running.s3mock;

import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Runs inside the S3Mock process (given with {@code --spring.main.sources}) and adjusts the plain
 * HTTP connector S3Mock adds next to its HTTPS one:
 *
 * <ul>
 *   <li>binds it to 127.0.0.1: S3Mock has no setting for its address, and a connector on all
 *       interfaces even connects to the machine's own network address when it shuts down (Tomcat
 *       unblocks its acceptor that way);
 *   <li>lets it decode {@code %2F} in paths: Lance's object store speaks to a gs:// location in
 *       GCS's XML dialect, which encodes the slashes of object names, and Tomcat rejects those by
 *       default.
 * </ul>
 */
public class LoopbackHttpConnector
    implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    for (Connector connector : factory.getAdditionalTomcatConnectors()) {
      connector.setProperty("address", "127.0.0.1");
      connector.setEncodedSolidusHandling(EncodedSolidusHandling.DECODE.getValue());
    }
  }
}
