package dev.lancebench.running;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs benchmarks in a JVM of their own, as {@code mvn test -Dbench -Dtest=...} or an IDE does:
 * {@code KEY=VALUE} arguments are configuration parameters, {@code class:NAME} and {@code
 * method:CLASS#METHOD} select what runs.
 */
public final class BenchMain {
  public static void main(String[] args) {
    Map<String, String> parameters = new LinkedHashMap<>();
    List<DiscoverySelector> selectors = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("class:")) {
        selectors.add(selectClass(arg.substring(6)));
      } else if (arg.startsWith("method:")) {
        selectors.add(selectMethod(arg.substring(7)));
      } else {
        int eq = arg.indexOf('=');
        parameters.put(arg.substring(0, eq), arg.substring(eq + 1));
      }
    }
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .configurationParameters(parameters)
                .build());
  }
}
