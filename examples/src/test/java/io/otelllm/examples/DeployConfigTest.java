package io.otelllm.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.otelllm.examples.jaeger.JaegerLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The collector config that docker compose uses is valid for the real collector (the same
 * components, built locally). Docker itself cannot run here; the Jaeger config is exercised by
 * every end-to-end test.
 */
class DeployConfigTest {

  @Test
  void composeCollectorConfigValidates() throws Exception {
    Optional<Path> collector = JaegerLauncher.localCollectorBinary();
    if (collector.isEmpty() && "true".equals(System.getenv("OTEL_LLM_REQUIRE_COLLECTOR"))) {
      fail("OTEL_LLM_REQUIRE_COLLECTOR=true but no collector binary: run deploy/local/collector.sh build");
    }
    assumeTrue(collector.isPresent(), "no local collector: deploy/local/collector.sh build");
    for (String config : new String[] {"deploy/collector/config.yaml", "deploy/local/collector.yaml"}) {
      Path file = Path.of("..").resolve(config).normalize();
      assertThat(file).exists();
      Process p = new ProcessBuilder(collector.get().toString(), "validate", "--config", file.toString())
          .redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(config + ": " + output).isZero();
    }
    assertThat(Files.readString(Path.of("../deploy/docker-compose.yml")))
        .contains("jaegertracing/jaeger:2.13.0").contains("otel/opentelemetry-collector-contrib:0.165.0");
  }
}
