package dev.lancebench.running;

import dev.lancebench.catalog.DatasetRegistry;
import dev.lancebench.measuring.MeasurementSettings;
import dev.lancebench.settings.Settings;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.TestAbortedException;

/**
 * Registered by {@link IoMemoryBenchmark}. Resolves the {@link Bench} parameter, names the
 * benchmark {@code ClassName.method[param-ids]}, marks a benchmark failed when the test fails after
 * measuring, and keeps the run's {@link RunSession} in the root store, where JUnit closes it (and
 * so writes the reports) at the end of the run.
 */
public final class BenchExtension
    implements BeforeEachCallback,
        ParameterResolver,
        InvocationInterceptor,
        AfterTestExecutionCallback {

  private static final Namespace NAMESPACE = Namespace.create(BenchExtension.class);
  private static final String SESSION_KEY = "session";
  private static final String BENCH_KEY = "bench";

  /** Parameters JUnit itself injects: not part of a benchmark's name. */
  private static final Set<Class<?>> NOT_NAME_PARTS =
      Set.of(Bench.class, TestInfo.class, TestReporter.class, RepetitionInfo.class);

  /** Checks the annotation before JUnit resolves parameters, so its errors reach the user as is. */
  @Override
  public void beforeEach(ExtensionContext context) {
    Method method = context.getRequiredTestMethod();
    BenchSettings.of(method);
    requireBenchParameter(method);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Bench.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    MeasurementSettings settings = BenchSettings.of(context.getRequiredTestMethod());
    RunSession session = session(context);
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            BENCH_KEY, key -> new Bench(session, settings, baseName(context)), Bench.class);
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    Bench bench = context.getStore(NAMESPACE).get(BENCH_KEY, Bench.class);
    if (bench != null) {
      starting(bench, invocation, context);
    }
    invocation.proceed();
  }

  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    Bench bench = context.getStore(NAMESPACE).get(BENCH_KEY, Bench.class);
    String ids = parameterIds(invocationContext.getArguments());
    if (bench != null && !ids.isEmpty()) {
      bench.rename(baseName(context) + "[" + ids + "]");
    }
    if (bench != null) {
      starting(bench, invocation, context);
    }
    invocation.proceed();
  }

  /** A case of another shard is skipped, saying so; any other begins. */
  private static void starting(Bench bench, Invocation<Void> invocation, ExtensionContext context) {
    RunSession session = session(context);
    if (!session.inThisShard(context.getRequiredTestClass().getSimpleName(), bench.name())) {
      bench.notInThisShard();
      invocation.skip();
      throw new TestAbortedException(
          "not in this shard: "
              + bench.name()
              + " runs in another part of the run than "
              + session.shard()
              + " (bench.shard)");
    }
    session.benchmarkStarting(bench.name());
  }

  /** Turns the outcome, the measurement and the extras into the benchmark's one result. */
  @Override
  public void afterTestExecution(ExtensionContext context) {
    Bench bench = context.getStore(NAMESPACE).get(BENCH_KEY, Bench.class);
    if (bench == null || bench.inAnotherShard()) {
      return;
    }
    Optional<Throwable> failure = context.getExecutionException();
    IllegalStateException neverRan = null;
    if (failure.isEmpty() && !bench.ran()) {
      neverRan =
          new IllegalStateException(
              "Benchmark "
                  + bench.name()
                  + " never called bench.run(...): nothing was measured. Call bench.run "
                  + "with the workload, or remove @IoMemoryBenchmark.");
      failure = Optional.of(neverRan);
    }
    session(context).record(bench.result(failure));
    if (neverRan != null) {
      throw neverRan;
    }
  }

  private static RunSession session(ExtensionContext context) {
    ExtensionContext root = context.getRoot();
    return root.getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            SESSION_KEY,
            key ->
                RunSession.start(
                    Settings.of(root::getConfigurationParameter, System.err),
                    DatasetRegistry.standard(),
                    System.out,
                    context.getRequiredTestClass()),
            RunSession.class);
  }

  static String baseName(ExtensionContext context) {
    return context.getRequiredTestClass().getSimpleName()
        + "."
        + context.getRequiredTestMethod().getName();
  }

  /** The test's own arguments as they print (toString), joined with '-': "small_strings-equal". */
  static String parameterIds(List<Object> arguments) {
    return arguments.stream()
        .filter(a -> a == null || NOT_NAME_PARTS.stream().noneMatch(t -> t.isInstance(a)))
        .map(String::valueOf)
        .collect(Collectors.joining("-"));
  }

  private static void requireBenchParameter(Method method) {
    boolean hasBench =
        Arrays.stream(method.getParameterTypes()).anyMatch(type -> type == Bench.class);
    if (!hasBench) {
      throw new ExtensionConfigurationException(
          "Configuration error: @IoMemoryBenchmark on method ["
              + method.toGenericString()
              + "] must declare a parameter of type "
              + Bench.class.getName()
              + " and measure its workload with bench.run(...)");
    }
  }
}
