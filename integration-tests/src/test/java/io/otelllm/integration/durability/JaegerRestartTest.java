package io.otelllm.integration.durability;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelllm.examples.jaeger.JaegerInstance;
import io.otelllm.examples.jaeger.JaegerLauncher;
import io.otelllm.examples.jaeger.JaegerLauncher.LocalPorts;
import io.otelllm.examples.jaeger.JaegerQuery;
import io.otelllm.testing.internal.LocalService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jaeger as deploy/ runs it, with Badger storage: traces exported, Jaeger stopped and started again
 * on the same data directory, and the query API returns the same traces, every span. The same with
 * memory storage loses them all, which shows the test can tell.
 */
class JaegerRestartTest {

  @TempDir Path dir;

  @Test
  void withBadgerStorageEveryTraceSurvivesARestart() throws Exception {
    Restarted run = exportRestartAndRead(Optional.of(dir));
    assertThat(run.afterRestart()).isEqualTo(run.sent());
  }

  @Test
  void withMemoryStorageARestartLosesThem() throws Exception {
    Restarted run = exportRestartAndRead(Optional.empty());
    assertThat(run.sent()).hasSize(40);
    assertThat(run.afterRestart()).isEmpty();
  }

  /** Span ids by trace id: what the application sent, and what Jaeger returns after a restart. */
  record Restarted(Map<String, TreeSet<String>> sent, Map<String, TreeSet<String>> afterRestart) {}

  /**
   * Exports 40 turns of 4 spans, checks Jaeger returns exactly them, stops it with SIGTERM (as
   * {@code docker stop} or Ctrl-C would), starts it again on the same ports and storage.
   */
  private Restarted exportRestartAndRead(Optional<Path> badger) throws Exception {
    Optional<Path> binary = JaegerLauncher.localJaegerBinary();
    LocalService.JAEGER.require(binary.isPresent());
    LocalPorts ports = LocalPorts.free();
    String service = "restart-" + UUID.randomUUID();
    Map<String, TreeSet<String>> sent;
    try (JaegerInstance jaeger = JaegerLauncher.startLocal(binary.get(), ports, badger)) {
      Workload workload = new Workload(service, jaeger.otlpGrpcEndpoint());
      for (int i = 0; i < 40; i++) {
        workload.turn("agent-" + i % 4, i);
      }
      workload.close();
      sent = workload.sent;
      assertThat(workload.spanCount()).isEqualTo(160);
      JaegerQuery query = new JaegerQuery(jaeger.queryUrl());
      assertThat(Workload.awaitReceived(query, service, sent, Duration.ofSeconds(30)))
          .as("before the restart")
          .isEqualTo(sent);
    }
    try (JaegerInstance jaeger = JaegerLauncher.startLocal(binary.get(), ports, badger)) {
      JaegerQuery query = new JaegerQuery(jaeger.queryUrl());
      Duration wait = badger.isPresent() ? Duration.ofSeconds(30) : Duration.ZERO;
      return new Restarted(sent, Workload.awaitReceived(query, service, sent, wait));
    }
  }
}
