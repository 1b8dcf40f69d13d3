package io.otelllm.integration.durability;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.otelllm.autoconfigure.LlmTelemetrySdk;
import io.otelllm.core.AgentTurn;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.core.spi.LlmResponse;
import io.otelllm.examples.jaeger.JaegerQuery;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Agent turns of three LLM calls each, exported over OTLP, and what Jaeger returns of them: the
 * spans each test counts, sent and received.
 */
final class Workload {
  private final LlmTelemetrySdk sdk;
  private final LlmTelemetry telemetry;

  /** Span ids by trace id, as the application produced them. */
  final Map<String, TreeSet<String>> sent = new TreeMap<>();

  Workload(String service, String otlpGrpcEndpoint) {
    this.sdk =
        LlmTelemetrySdk.builder()
            .setServiceName(service)
            .setEndpoint(otlpGrpcEndpoint)
            .setProtocol("grpc")
            .setProperty("otel.metrics.exporter", "none")
            .setProperty("otel.bsp.schedule.delay", "200")
            .setShutdownTimeout(Duration.ofSeconds(20))
            .build();
    this.telemetry = LlmTelemetry.create(sdk.openTelemetry());
  }

  /** One agent turn with three LLM calls. */
  void turn(String agent, int number) {
    TreeSet<String> spans = new TreeSet<>();
    String traceId;
    AgentTurn turn = telemetry.agentTurn(agent).setTurnNumber(number).start();
    try (Scope ignored = turn.makeCurrent()) {
      traceId = Span.fromContext(turn.context()).getSpanContext().getTraceId();
      spans.add(Span.fromContext(turn.context()).getSpanContext().getSpanId());
      for (String label : List.of("planning", "dialogue", "memory")) {
        LlmCall call =
            telemetry
                .llmCall(LlmRequest.builder("chat", "ollama").setRequestModel("llama3.2").build())
                .start();
        spans.add(Span.fromContext(call.context()).getSpanContext().getSpanId());
        call.end(
            LlmResponse.builder()
                .setResponseModel("llama3.2")
                .setInputTokens(100L + number)
                .setOutputTokens(10L + label.length())
                .build());
      }
    }
    turn.end();
    synchronized (sent) {
      sent.put(traceId, spans);
    }
  }

  /** Exports what is left and shuts the SDK down. */
  void close() {
    sdk.close();
  }

  long spanCount() {
    return sent.values().stream().mapToLong(TreeSet::size).sum();
  }

  /** Span ids by trace id, as Jaeger returns the service's traces (at most 10,000). */
  static Map<String, TreeSet<String>> received(JaegerQuery query, String service) throws Exception {
    Map<String, TreeSet<String>> received = new TreeMap<>();
    for (JsonNode trace : query.traces(service, 10_000)) {
      TreeSet<String> spans = new TreeSet<>();
      trace.path("spans").forEach(s -> spans.add(s.path("spanID").asText()));
      received.put(trace.path("traceID").asText(), spans);
    }
    return received;
  }

  /** Polls until Jaeger returns exactly {@code expected} or the timeout passes; the last answer. */
  static Map<String, TreeSet<String>> awaitReceived(
      JaegerQuery query, String service, Map<String, TreeSet<String>> expected, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, TreeSet<String>> received = new HashMap<>();
    do {
      try {
        received = received(query, service);
        if (received.equals(expected)) {
          return received;
        }
      } catch (java.io.IOException e) {
        // Jaeger not (yet) answering: ask again
      }
      TimeUnit.MILLISECONDS.sleep(500);
    } while (System.nanoTime() < deadline);
    return received;
  }
}
