package io.otelllm.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.chat.ChatModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.otelllm.langchain4j.testing.TracedOllama;
import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.OllamaWireServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Telemetry never breaks or slows the LLM call: the real SDK and real OTLP exporters pointed at a
 * closed port, a server that accepts and never answers, a very slow server, and an exporter that
 * throws. In each: calls complete with the right values, nothing from telemetry reaches the caller,
 * export happens on the processor's thread, the queue is bounded and its drops counted, and
 * shutdown returns within its timeout.
 */
class TelemetryFaultsTest {

  static final String TEXT = "all good here";
  static final int CALLS = 40;
  static final int QUEUE = 16;
  static OllamaWireServer ollama;

  @BeforeAll
  static void start() {
    ollama =
        OllamaWireServer.start(
            ModelScript.builder("m")
                .reply(TEXT)
                .firstTokenDelay(Duration.ZERO)
                .chunkDelay(Duration.ZERO)
                .build());
  }

  @AfterAll
  static void stop() {
    ollama.close();
  }

  /** Records which threads exported, then hands the batch to the faulty exporter under test. */
  static final class ThreadRecordingExporter implements SpanExporter {
    final SpanExporter delegate;
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    final AtomicInteger attempted = new AtomicInteger();

    ThreadRecordingExporter(SpanExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      threads.add(Thread.currentThread().getName());
      attempted.addAndGet(spans.size());
      return delegate.export(spans);
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }
  }

  void callsCompleteAndTelemetryStaysOutOfTheWay(Supplier<SpanExporter> faulty) {
    ThreadRecordingExporter exporter = new ThreadRecordingExporter(faulty.get());
    InMemoryMetricReader sdkMetrics = InMemoryMetricReader.create();
    SdkMeterProvider meterProvider =
        SdkMeterProvider.builder().registerMetricReader(sdkMetrics).build();
    BatchSpanProcessor processor =
        BatchSpanProcessor.builder(exporter)
            .setMaxQueueSize(QUEUE)
            .setMaxExportBatchSize(4)
            .setScheduleDelay(Duration.ofMillis(10))
            .setExporterTimeout(Duration.ofSeconds(30))
            .setMeterProvider(meterProvider)
            .build();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(processor).build())
            .setMeterProvider(meterProvider)
            .build();
    LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(sdk);
    ChatModel model = TracedOllama.at(ollama.baseUrl(), lc4j).chat("m");
    String caller = Thread.currentThread().getName();

    // If a call waited on an export stuck for 30 s, this would not finish in time.
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          for (int i = 0; i < CALLS; i++) {
            assertThat(model.chat("hello " + i)).isEqualTo(TEXT);
          }
        });

    assertThat(exporter.threads).doesNotContain(caller);
    long droppedBeforeShutdown = droppedSpans(sdkMetrics);

    long start = System.nanoTime();
    try {
      sdk.shutdown().join(2, TimeUnit.SECONDS);
    } catch (IllegalStateException e) {
      // The SDK's teardown, not an LLM call: when its last flush has already completed, the
      // BatchSpanProcessor runs the exporter's shutdown on the thread that shuts it down, so the
      // throwing exporter's exception reaches this test now and then. LlmTelemetrySdk.close()
      // shuts down on a thread of its own for that reason.
      assertThat(e).hasMessage("exporter bug");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

    // Every span was handed to the exporter, dropped and counted, or still waits in the bounded
    // queue (behind an export that never returns): nothing is lost silently, nothing piles up.
    long exported = exporter.attempted.get();
    long dropped = droppedBeforeShutdown;
    assertThat(exported + dropped).isLessThanOrEqualTo(CALLS);
    assertThat(exported + dropped + QUEUE)
        .as("exported %d, dropped %d", exported, dropped)
        .isGreaterThanOrEqualTo(CALLS);
  }

  static long droppedSpans(InMemoryMetricReader reader) {
    long dropped = 0;
    for (var metric : reader.collectAllMetrics()) {
      if (!metric.getType().name().startsWith("LONG_SUM")) {
        continue;
      }
      for (var point : metric.getLongSumData().getPoints()) {
        boolean legacyDropped =
            Boolean.TRUE.equals(point.getAttributes().get(AttributeKey.booleanKey("dropped")));
        boolean queueFull =
            "queue_full".equals(point.getAttributes().get(AttributeKey.stringKey("error.type")));
        if (legacyDropped || queueFull) {
          dropped += point.getValue();
        }
      }
    }
    return dropped;
  }

  @Test
  void closedPort() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    int closed = port;
    callsCompleteAndTelemetryStaysOutOfTheWay(
        () ->
            OtlpGrpcSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + closed)
                .setTimeout(Duration.ofSeconds(2))
                .build());
  }

  @Test
  void serverThatAcceptsAndNeverAnswers() throws IOException {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                while (!silent.isClosed()) {
                  try {
                    held.add(silent.accept()); // read nothing, write nothing
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      callsCompleteAndTelemetryStaysOutOfTheWay(
          () ->
              OtlpGrpcSpanExporter.builder()
                  .setEndpoint("http://127.0.0.1:" + silent.getLocalPort())
                  .setTimeout(Duration.ofSeconds(30))
                  .build());
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void verySlowServer() throws IOException {
    HttpServer slow =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    slow.createContext(
        "/",
        exchange -> {
          try {
            Thread.sleep(10_000);
            exchange.sendResponseHeaders(200, -1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            exchange.close();
          }
        });
    slow.setExecutor(
        java.util.concurrent.Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r);
              t.setDaemon(true);
              return t;
            }));
    slow.start();
    try {
      callsCompleteAndTelemetryStaysOutOfTheWay(
          () ->
              OtlpHttpSpanExporter.builder()
                  .setEndpoint("http://127.0.0.1:" + slow.getAddress().getPort() + "/v1/traces")
                  .setTimeout(Duration.ofSeconds(30))
                  .build());
    } finally {
      slow.stop(0);
    }
  }

  @Test
  void exporterThatThrows() {
    callsCompleteAndTelemetryStaysOutOfTheWay(
        () ->
            new SpanExporter() {
              @Override
              public CompletableResultCode export(Collection<SpanData> spans) {
                throw new IllegalStateException("exporter bug");
              }

              @Override
              public CompletableResultCode flush() {
                throw new IllegalStateException("exporter bug");
              }

              @Override
              public CompletableResultCode shutdown() {
                throw new IllegalStateException("exporter bug");
              }
            });
  }

  @Test
  void otelLlmSdkShutdownReturnsWithinItsTimeoutWhenTheCollectorNeverAnswers() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      io.otelllm.autoconfigure.LlmTelemetrySdk sdk =
          io.otelllm.autoconfigure.LlmTelemetrySdk.builder()
              .setServiceName("faults")
              .setEndpoint("http://127.0.0.1:" + silent.getLocalPort())
              .setProtocol("grpc")
              .setShutdownTimeout(Duration.ofSeconds(1))
              .build();
      LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(sdk.openTelemetry());
      ChatModel model = TracedOllama.at(ollama.baseUrl(), lc4j).chat("m");
      assertThat(model.chat("hi")).isEqualTo(TEXT);
      long start = System.nanoTime();
      sdk.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    }
  }
}
