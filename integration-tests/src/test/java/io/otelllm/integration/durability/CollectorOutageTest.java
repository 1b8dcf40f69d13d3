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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-hop topology (application -> collector -> Jaeger, as deploy/ runs it: Badger storage, the
 * collector's exporter retrying into a sending queue on disk) when Jaeger goes away for 20 s while
 * the application runs, and when the collector itself restarts while Jaeger is away: the spans the
 * application exported are the spans Jaeger returns, every one.
 */
class CollectorOutageTest {

  @TempDir Path dir;
  private Path jaegerBinary;
  private Path collectorBinary;

  @BeforeEach
  void binaries() {
    Optional<Path> jaeger = JaegerLauncher.localJaegerBinary();
    Optional<Path> collector = JaegerLauncher.localCollectorBinary();
    LocalService.COLLECTOR.require(jaeger.isPresent() && collector.isPresent());
    jaegerBinary = jaeger.get();
    collectorBinary = collector.get();
  }

  @Test
  void jaegerAwayFor20SecondsWhileTheApplicationRunsLosesNothing() throws Exception {
    LocalPorts ports = LocalPorts.free();
    Optional<Path> badger = Optional.of(dir.resolve("badger"));
    String service = "outage-" + UUID.randomUUID();
    JaegerInstance jaeger = JaegerLauncher.startLocal(jaegerBinary, ports, badger);
    try (JaegerInstance collector =
        JaegerLauncher.startCollectorInFrontOf(jaeger, collectorBinary, dir.resolve("queue"))) {
      Workload app = new Workload(service, collector.otlpGrpcEndpoint());
      int turn = 0;
      turn = run(app, turn, Duration.ofSeconds(3));
      jaeger.close(); // away
      turn = run(app, turn, Duration.ofSeconds(20));
      jaeger = JaegerLauncher.startLocal(jaegerBinary, ports, badger); // back
      run(app, turn, Duration.ofSeconds(3));
      app.close();

      assertThat(app.spanCount()).isGreaterThan(400);
      assertJaegerReturnsAllItWasSent(jaeger, service, app);
    } finally {
      jaeger.close();
    }
  }

  @Test
  void aCollectorRestartedWhileJaegerIsAwayLosesNothing() throws Exception {
    LocalPorts ports = LocalPorts.free();
    Optional<Path> badger = Optional.of(dir.resolve("badger"));
    Path queue = dir.resolve("queue");
    String service = "collector-restart-" + UUID.randomUUID();
    JaegerInstance jaeger = JaegerLauncher.startLocal(jaegerBinary, ports, badger);
    JaegerInstance collector =
        JaegerLauncher.startCollectorInFrontOf(jaeger, collectorBinary, queue);
    jaeger.close(); // away before anything is sent: everything waits in the collector's queue
    Workload app = new Workload(service, collector.otlpGrpcEndpoint());
    run(app, 0, Duration.ofSeconds(3));
    app.close();
    TimeUnit.SECONDS.sleep(2); // the collector's batch processor hands its last batch to the queue
    collector.close(); // SIGTERM
    jaeger = JaegerLauncher.startLocal(jaegerBinary, ports, badger);
    try (JaegerInstance restarted =
        JaegerLauncher.startCollectorInFrontOf(jaeger, collectorBinary, queue)) {
      assertThat(app.spanCount()).isGreaterThan(40);
      assertJaegerReturnsAllItWasSent(jaeger, service, app);
    } finally {
      jaeger.close();
    }
  }

  /** Span ids by trace id: Jaeger's (within a minute) are the application's, every one. */
  private static void assertJaegerReturnsAllItWasSent(
      JaegerInstance jaeger, String service, Workload app) throws Exception {
    JaegerQuery query = new JaegerQuery(jaeger.queryUrl());
    Map<String, TreeSet<String>> received =
        Workload.awaitReceived(query, service, app.sent, Duration.ofSeconds(60));
    long spans = received.values().stream().mapToLong(TreeSet::size).sum();
    assertThat(received).as("%d of %d spans arrived", spans, app.spanCount()).isEqualTo(app.sent);
  }

  /** Agent turns at about 20 a second for {@code time}; the next turn number. */
  private static int run(Workload app, int firstTurn, Duration time) throws InterruptedException {
    long end = System.nanoTime() + time.toNanos();
    int turn = firstTurn;
    while (System.nanoTime() < end) {
      app.turn("agent-" + turn % 4, turn);
      turn++;
      TimeUnit.MILLISECONDS.sleep(50);
    }
    return turn;
  }
}
