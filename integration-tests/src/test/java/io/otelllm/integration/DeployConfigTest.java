package io.otelllm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.otelllm.examples.jaeger.JaegerLauncher;
import io.otelllm.ollamawire.OllamaWireServer;
import io.otelllm.testing.internal.LocalService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The collector configs are valid for the real collector (the same components, built locally), and
 * compose runs the versions CI tests. Docker itself cannot run here; the Jaeger config is exercised
 * by every end-to-end test.
 */
class DeployConfigTest {

  @Test
  void composeCollectorConfigValidates() throws Exception {
    Optional<Path> collector = JaegerLauncher.localCollectorBinary();
    LocalService.COLLECTOR.require(collector.isPresent());
    for (String config :
        new String[] {"deploy/collector/config.yaml", "deploy/local/collector.yaml"}) {
      Path file = Path.of("..").resolve(config).normalize();
      assertThat(file).exists();
      Process p =
          new ProcessBuilder(collector.get().toString(), "validate", "--config", file.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(config + ": " + output).isZero();
    }
  }

  /**
   * Compose runs what CI builds and tests: the same Ollama, Jaeger with its GenAI UI, Prometheus.
   */
  @Test
  void composeRunsTheVersionsCiTests() throws Exception {
    JsonNode compose =
        new ObjectMapper(new YAMLFactory())
            .readTree(Path.of("../deploy/docker-compose.yml").toFile());
    JsonNode services = compose.get("services");
    assertThat(services.at("/ollama/image").asText())
        .isEqualTo("ollama/ollama:" + OllamaWireServer.VERSION);
    assertThat(services.at("/jaeger/image").asText()).isEqualTo(JaegerLauncher.IMAGE);
    assertThat(services.at("/collector/image").asText())
        .isEqualTo("otel/opentelemetry-collector-contrib:0.165.0");
    assertThat(services.at("/prometheus/image").asText()).startsWith("prom/prometheus:");
    JsonNode prometheus =
        new ObjectMapper(new YAMLFactory())
            .readTree(Path.of("../deploy/prometheus/prometheus.yml").toFile());
    assertThat(prometheus.at("/scrape_configs/0/static_configs/0/targets/0").asText())
        .isEqualTo("collector:9464");
    JsonNode collector =
        new ObjectMapper(new YAMLFactory())
            .readTree(Path.of("../deploy/collector/config.yaml").toFile());
    assertThat(collector.at("/exporters/prometheus/endpoint").asText()).isEqualTo("0.0.0.0:9464");
    assertThat(collector.at("/service/pipelines/metrics/exporters/0").asText())
        .isEqualTo("prometheus");
    // Nothing lost when Jaeger or the collector restarts: what JaegerRestartTest and
    // CollectorOutageTest run with the local builds, compose runs too.
    assertThat(services.at("/jaeger/command").toString())
        .contains("--config=/etc/jaeger/config.yaml", "--config=/etc/jaeger/badger.yaml");
    assertThat(services.at("/jaeger/volumes").toString()).contains("jaeger-data:/tmp");
    assertThat(services.at("/collector/volumes").toString())
        .contains("collector-queue:/var/lib/otelcol/queue");
    assertThat(collector.at("/exporters/otlp~1jaeger/sending_queue/storage").asText())
        .isEqualTo("file_storage/queue");
    assertThat(collector.at("/exporters/otlp~1jaeger/retry_on_failure/enabled").asBoolean())
        .isTrue();
    assertThat(collector.at("/extensions/file_storage~1queue/directory").asText())
        .isEqualTo("/var/lib/otelcol/queue");
  }

  /**
   * Compose publishes nothing beyond this machine (Ollama's API and Jaeger's UI have no
   * authentication), keeps the application's service as Prometheus' job, and starts what depends on
   * a service once it is healthy where the image can tell.
   */
  @Test
  void composeIsLocalByDefaultKeepsTheJobAndWaitsForHealth() throws Exception {
    JsonNode services =
        new ObjectMapper(new YAMLFactory())
            .readTree(Path.of("../deploy/docker-compose.yml").toFile())
            .get("services");
    List<String> published = new ArrayList<>();
    services.forEach(service -> service.path("ports").forEach(p -> published.add(p.asText())));
    assertThat(published)
        .hasSizeGreaterThanOrEqualTo(7)
        .allSatisfy(port -> assertThat(port).startsWith("127.0.0.1:"));
    for (String name : List.of("ollama", "jaeger", "prometheus")) {
      assertThat(services.at("/" + name + "/healthcheck/test").isArray())
          .as("%s has a healthcheck", name)
          .isTrue();
    }
    assertThat(services.at("/collector/depends_on/jaeger/condition").asText())
        .isEqualTo("service_healthy");
    assertThat(services.at("/prometheus/depends_on/collector/condition").asText())
        .isEqualTo("service_started");
    JsonNode prometheus =
        new ObjectMapper(new YAMLFactory())
            .readTree(Path.of("../deploy/prometheus/prometheus.yml").toFile());
    assertThat(prometheus.at("/scrape_configs/0/honor_labels").asBoolean()).isTrue();
  }

  /**
   * The collector tier's configs (deploy/scale) validate with the locally built collector, which
   * has both components they need, and a misspelt setting in them fails validation by name: the
   * validation is not a formality. (Their OTTL conditions are parsed at start, which
   * deploy/scale/local-tier.sh does in CI.)
   */
  @Test
  void theCollectorTierConfigsValidateWithTheRealCollector() throws Exception {
    Optional<Path> collector = JaegerLauncher.localCollectorBinary();
    LocalService.COLLECTOR.require(collector.isPresent());
    Process components =
        new ProcessBuilder(collector.get().toString(), "components")
            .redirectErrorStream(true)
            .start();
    String listed = new String(components.getInputStream().readAllBytes());
    assertThat(components.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(listed).contains("name: load_balancing", "name: tail_sampling");

    Path loadBalancer = Path.of("../deploy/scale/load-balancer.yaml");
    Path tailSampler = Path.of("../deploy/scale/tail-sampler.yaml");
    assertThat(validate(collector.get(), loadBalancer)).isEqualTo(new Validation(0, ""));
    assertThat(validate(collector.get(), tailSampler)).isEqualTo(new Validation(0, ""));

    Path misspelt = Files.createTempFile("tail-sampler", ".yaml");
    try {
      Files.writeString(
          misspelt,
          Files.readString(tailSampler).replace("    decision_wait:", "    decision_wiat:"));
      Validation invalid = validate(collector.get(), misspelt);
      assertThat(invalid.exitCode()).isNotZero();
      assertThat(invalid.output()).contains("decision_wiat");
    } finally {
      Files.delete(misspelt);
    }
  }

  /** Jaeger on OpenSearch (deploy/scale) validates with the real Jaeger, whose code checks it. */
  @Test
  void jaegerOnOpenSearchValidatesWithTheRealJaeger() throws Exception {
    Optional<Path> jaeger = JaegerLauncher.localJaegerBinary();
    LocalService.JAEGER.require(jaeger.isPresent());
    Path base = Path.of("../deploy/jaeger/config.yaml");
    Path openSearch = Path.of("../deploy/scale/jaeger-opensearch.yaml");
    assertThat(validate(jaeger.get(), base, openSearch)).isEqualTo(new Validation(0, ""));
    Path misspelt = Files.createTempFile("jaeger-opensearch", ".yaml");
    try {
      Files.writeString(
          misspelt, Files.readString(openSearch).replace("max_actions:", "max_actoins:"));
      Validation invalid = validate(jaeger.get(), base, misspelt);
      assertThat(invalid.exitCode()).isNotZero();
      assertThat(invalid.output()).contains("invalid keys: max_actoins");
    } finally {
      Files.delete(misspelt);
    }
  }

  /** A {@code validate} run: its exit code, and its output when it failed. */
  record Validation(int exitCode, String output) {}

  static Validation validate(Path binary, Path... configs) throws Exception {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "validate"));
    for (Path config : configs) {
      assertThat(config).exists();
      command.add("--config");
      command.add(config.toString());
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // The load balancers' samplers have no default: a list like the one local-tier.sh passes.
    builder.environment().put("TIER_SAMPLERS", "[localhost:34317, localhost:34318]");
    Process p = builder.start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Validation(p.exitValue(), p.exitValue() == 0 ? "" : output);
  }
}
