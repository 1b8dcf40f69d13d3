package io.otelllm.examples.jaeger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Starts a Jaeger 2.13.0 for tests and the demo, from the first source that works here:
 * Testcontainers when a Docker engine answers (the real UI), else the local binary that {@code
 * deploy/local/jaeger.sh} builds from the Go module proxy — named by {@value #BINARY_ENV}, or in
 * its default place. Both run the same Jaeger; the local one gets free loopback ports.
 */
public final class JaegerLauncher {

  /** The image for Testcontainers and compose: 2.20.0 embeds the UI with its GenAI view. */
  public static final String IMAGE = "jaegertracing/jaeger:2.20.0";

  public static final String BINARY_ENV = "OTEL_LLM_JAEGER_BINARY";
  public static final String COLLECTOR_BINARY_ENV = "OTEL_LLM_COLLECTOR_BINARY";
  public static final String UI_ASSETS_ENV = "JAEGER_UI_ASSETS";

  private JaegerLauncher() {}

  /** A running Jaeger, or empty when neither Docker nor a local binary is available. */
  public static Optional<JaegerInstance> start() {
    if (dockerAvailable()) {
      return Optional.of(startContainer());
    }
    return localJaegerBinary().map(JaegerLauncher::startLocal);
  }

  /** What to do to get a Jaeger here. */
  public static String howToEnable() {
    return "no Jaeger available: start Docker (Testcontainers runs "
        + IMAGE
        + "), or build the "
        + "local one with deploy/local/jaeger.sh build (or point "
        + BINARY_ENV
        + " at a Jaeger 2.13.0 binary)";
  }

  /** The locally built Jaeger, if there is one. */
  public static Optional<Path> localJaegerBinary() {
    return binary(BINARY_ENV, "jaeger-2.13.0");
  }

  /** The locally built OpenTelemetry Collector, if there is one. */
  public static Optional<Path> localCollectorBinary() {
    return binary(COLLECTOR_BINARY_ENV, "otelcol-0.161.0");
  }

  /**
   * A local collector on free ports that forwards traces to {@code jaeger} (the two-hop topology)
   * and exposes metrics for Prometheus. Queries still go to Jaeger.
   */
  public static JaegerInstance startCollectorInFrontOf(
      JaegerInstance jaeger, Path collectorBinary) {
    try {
      return startCollectorInFrontOf(
          jaeger, collectorBinary, Files.createTempDirectory("otel-llm-collector-queue"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("no temporary directory for the collector", e);
    }
  }

  /**
   * As {@link #startCollectorInFrontOf(JaegerInstance, Path)}, its exporter's sending queue kept in
   * {@code queueDirectory} (file_storage): a collector started again on the same directory sends
   * what the stopped one still held.
   */
  public static JaegerInstance startCollectorInFrontOf(
      JaegerInstance jaeger, Path collectorBinary, Path queueDirectory) {
    int grpc = LocalProcess.freeFixedPort();
    int http = LocalProcess.freeFixedPort();
    int prometheus = LocalProcess.freeFixedPort();
    String jaegerGrpc = jaeger.otlpGrpcEndpoint().replaceFirst("^https?://", "");
    LocalProcess process =
        LocalProcess.start(
            "collector",
            collectorBinary,
            List.of("otel-llm/collector/collector.yaml"),
            Map.of(
                "COLLECTOR_OTLP_GRPC_PORT",
                String.valueOf(grpc),
                "COLLECTOR_OTLP_HTTP_PORT",
                String.valueOf(http),
                "COLLECTOR_PROMETHEUS_PORT",
                String.valueOf(prometheus),
                "JAEGER_OTLP_GRPC_ENDPOINT",
                jaegerGrpc,
                "COLLECTOR_QUEUE_DIRECTORY",
                queueDirectory.toAbsolutePath().toString()),
            () -> LocalProcess.tcpOpen(grpc) && LocalProcess.tcpOpen(http),
            Duration.ofSeconds(30));
    String metrics = "http://127.0.0.1:" + prometheus + "/metrics";
    return new Instance(
        "http://127.0.0.1:" + grpc,
        "http://127.0.0.1:" + http,
        jaeger.queryUrl(),
        jaeger.servesUi(),
        Optional.of(metrics),
        "local collector " + collectorBinary + " -> " + jaeger.description(),
        process::close);
  }

  private static Optional<Path> binary(String env, String fileName) {
    String named = System.getenv(env);
    if (named != null && !named.isBlank()) {
      Path p = Path.of(named);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String home = System.getenv("OTEL_LLM_HOME");
    Path dir =
        home != null && !home.isBlank()
            ? Path.of(home)
            : Path.of(System.getProperty("user.home"), ".cache", "otel-llm");
    Path p = dir.resolve("bin").resolve(fileName);
    return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
  }

  /**
   * Whether a Docker engine answers. Asked of Testcontainers only when there is a socket or a
   * DOCKER_HOST to ask: with the {@code docker} client installed but no engine, Testcontainers
   * would log an ERROR block for what is only an expected absence.
   */
  private static boolean dockerAvailable() {
    String host = System.getenv("DOCKER_HOST");
    boolean socket = Files.exists(Path.of("/var/run/docker.sock"));
    if ((host == null || host.isBlank()) && !socket) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      return false;
    }
  }

  private static JaegerInstance startContainer() {
    GenericContainer<?> container =
        new GenericContainer<>(IMAGE)
            .withExposedPorts(4317, 4318, 16686, 13133)
            .waitingFor(
                Wait.forHttp("/status").forPort(13133).withStartupTimeout(Duration.ofMinutes(2)));
    container.start();
    String host = container.getHost();
    return new Instance(
        "http://" + host + ":" + container.getMappedPort(4317),
        "http://" + host + ":" + container.getMappedPort(4318),
        "http://" + host + ":" + container.getMappedPort(16686),
        true,
        Optional.empty(),
        "Testcontainers " + IMAGE,
        container::stop);
  }

  private static JaegerInstance startLocal(Path binary) {
    return startLocal(binary, LocalPorts.free(), Optional.empty());
  }

  /** The ports of a local Jaeger, fixed so that it can be stopped and started again on them. */
  public record LocalPorts(
      int otlpGrpc, int otlpHttp, int queryHttp, int queryGrpc, int health, int metrics) {
    /** Six free loopback ports. */
    public static LocalPorts free() {
      return new LocalPorts(
          LocalProcess.freeFixedPort(),
          LocalProcess.freeFixedPort(),
          LocalProcess.freeFixedPort(),
          LocalProcess.freeFixedPort(),
          LocalProcess.freeFixedPort(),
          LocalProcess.freeFixedPort());
    }
  }

  /**
   * The local Jaeger on {@code ports}, keeping traces in Badger under {@code badgerDirectory}
   * (deploy/jaeger/badger.yaml) when given, else in memory. Closing it stops it with SIGTERM, which
   * lets Badger close its files; started again on the same directory it has the same traces.
   */
  public static JaegerInstance startLocal(
      Path binary, LocalPorts ports, Optional<Path> badgerDirectory) {
    Map<String, String> env = new HashMap<>();
    env.put("JAEGER_LISTEN_HOST", "127.0.0.1");
    env.put("JAEGER_OTLP_GRPC_PORT", String.valueOf(ports.otlpGrpc()));
    env.put("JAEGER_OTLP_HTTP_PORT", String.valueOf(ports.otlpHttp()));
    env.put("JAEGER_QUERY_HTTP_PORT", String.valueOf(ports.queryHttp()));
    env.put("JAEGER_QUERY_GRPC_PORT", String.valueOf(ports.queryGrpc()));
    env.put("JAEGER_HEALTH_PORT", String.valueOf(ports.health()));
    env.put("JAEGER_METRICS_PORT", String.valueOf(ports.metrics()));
    List<String> configs = new ArrayList<>(List.of("otel-llm/jaeger/config.yaml"));
    badgerDirectory.ifPresent(
        dir -> {
          env.put("JAEGER_BADGER_DIRECTORY", dir.toAbsolutePath().toString());
          configs.add("otel-llm/jaeger/badger.yaml");
        });
    LocalProcess process =
        LocalProcess.start(
            "jaeger",
            binary,
            configs,
            env,
            () -> LocalProcess.httpOk("http://127.0.0.1:" + ports.health() + "/status"),
            Duration.ofSeconds(60));
    Optional<Path> ui = uiAssets();
    return new Instance(
        "http://127.0.0.1:" + ports.otlpGrpc(),
        "http://127.0.0.1:" + ports.otlpHttp(),
        "http://127.0.0.1:" + ports.queryHttp(),
        ui.isPresent(),
        Optional.empty(),
        "local binary "
            + binary
            + badgerDirectory.map(d -> ", Badger storage in " + d).orElse(", memory storage")
            + (ui.isPresent() ? ", the Jaeger UI from " + ui.get() : " (placeholder UI page)"),
        process::close);
  }

  /**
   * The Jaeger UI's built files for the local binary, which has none of its own: the directory
   * {@value #UI_ASSETS_ENV} names (jaeger-ui's v2.20.0 release {@code assets.tar.gz}, unpacked).
   * The local Jaeger inherits the variable and serves them (deploy/jaeger/config.yaml).
   */
  public static Optional<Path> uiAssets() {
    String named = System.getenv(UI_ASSETS_ENV);
    if (named == null || named.isBlank()) {
      return Optional.empty();
    }
    Path dir = Path.of(named).toAbsolutePath();
    return Files.isRegularFile(dir.resolve("index.html")) ? Optional.of(dir) : Optional.empty();
  }

  private record Instance(
      String otlpGrpcEndpoint,
      String otlpHttpEndpoint,
      String queryUrl,
      boolean servesUi,
      Optional<String> prometheusUrl,
      String description,
      Runnable stop)
      implements JaegerInstance {
    @Override
    public void close() {
      stop.run();
    }
  }
}
