package io.otelllm.testing.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * An OTLP/HTTP (protobuf) receiver for programs run in JVMs of their own (the Java agent's, a
 * consumer application's): spans become {@link SpanData}, so that the library's span assertions
 * apply to them unchanged; metrics are kept as they came.
 */
public final class OtlpReceiver implements AutoCloseable {
  private final HttpServer server;
  private final List<SpanData> spans = new CopyOnWriteArrayList<>();
  private final List<Metric> metrics = new CopyOnWriteArrayList<>();

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  /** A receiver on a free loopback port. */
  public static OtlpReceiver start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    OtlpReceiver receiver = new OtlpReceiver(server);
    server.createContext("/v1/traces", receiver::traces);
    server.createContext("/v1/metrics", receiver::metrics);
    server.createContext("/v1/logs", exchange -> answer(exchange, new byte[0]));
    server.start();
    return receiver;
  }

  /** Where the agent's OTLP exporter sends ({@code otel.exporter.otlp.endpoint}). */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The spans received so far. */
  public List<SpanData> spans() {
    return List.copyOf(spans);
  }

  /** The metrics received so far, as they came. */
  public List<Metric> metrics() {
    return List.copyOf(metrics);
  }

  /** The spans received so far of instrumentation scope {@code scope} ({@code io.otelllm}). */
  public List<SpanData> spans(String scope) {
    return spans.stream()
        .filter(s -> s.getInstrumentationScopeInfo().getName().equals(scope))
        .toList();
  }

  /**
   * Waits up to {@code seconds} for {@code count} spans of {@code scope}; returns those received
   * either way.
   */
  public List<SpanData> awaitSpans(String scope, int count, int seconds)
      throws InterruptedException {
    awaitSpans(s -> spans(scope).size() >= count, seconds);
    return spans(scope);
  }

  /** Forgets what was received. */
  public void clear() {
    spans.clear();
    metrics.clear();
  }

  /** Waits up to {@code seconds} for the spans to satisfy {@code done}; returns them either way. */
  public List<SpanData> awaitSpans(Predicate<List<SpanData>> done, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!done.test(spans()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return spans();
  }

  private void traces(HttpExchange exchange) throws IOException {
    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body(exchange));
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Resource resource =
          Resource.create(attributes(resourceSpans.getResource().getAttributesList()));
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        InstrumentationScopeInfo scope =
            InstrumentationScopeInfo.builder(scopeSpans.getScope().getName())
                .setVersion(emptyToNull(scopeSpans.getScope().getVersion()))
                .build();
        for (Span span : scopeSpans.getSpansList()) {
          spans.add(spanData(span, resource, scope));
        }
      }
    }
    answer(exchange, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
  }

  private void metrics(HttpExchange exchange) throws IOException {
    ExportMetricsServiceRequest request;
    try {
      request = ExportMetricsServiceRequest.parseFrom(body(exchange));
    } catch (InvalidProtocolBufferException e) {
      exchange.sendResponseHeaders(400, -1);
      return;
    }
    for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
      for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
        if (scopeMetrics.getScope().getName().equals("io.otelllm")) {
          metrics.addAll(scopeMetrics.getMetricsList());
        }
      }
    }
    answer(exchange, ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
  }

  private static byte[] body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return in.readAllBytes();
    }
  }

  private static void answer(HttpExchange exchange, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  private static SpanData spanData(Span span, Resource resource, InstrumentationScopeInfo scope) {
    HexFormat hex = HexFormat.of();
    String traceId = hex.formatHex(span.getTraceId().toByteArray());
    List<EventData> events = new ArrayList<>();
    for (Span.Event event : span.getEventsList()) {
      events.add(
          EventData.create(
              event.getTimeUnixNano(), event.getName(), attributes(event.getAttributesList())));
    }
    return TestSpanData.builder()
        .setSpanContext(
            SpanContext.create(
                traceId,
                hex.formatHex(span.getSpanId().toByteArray()),
                TraceFlags.getSampled(),
                TraceState.getDefault()))
        .setParentSpanContext(
            span.getParentSpanId().isEmpty()
                ? SpanContext.getInvalid()
                : SpanContext.create(
                    traceId,
                    hex.formatHex(span.getParentSpanId().toByteArray()),
                    TraceFlags.getSampled(),
                    TraceState.getDefault()))
        .setResource(resource)
        .setInstrumentationScopeInfo(scope)
        .setName(span.getName())
        .setKind(kind(span.getKind()))
        .setStartEpochNanos(span.getStartTimeUnixNano())
        .setEndEpochNanos(span.getEndTimeUnixNano())
        .setAttributes(attributes(span.getAttributesList()))
        .setEvents(events)
        .setTotalRecordedEvents(events.size())
        .setStatus(status(span.getStatus()))
        .setHasEnded(true)
        .build();
  }

  private static SpanKind kind(Span.SpanKind kind) {
    return switch (kind) {
      case SPAN_KIND_CLIENT -> SpanKind.CLIENT;
      case SPAN_KIND_SERVER -> SpanKind.SERVER;
      case SPAN_KIND_PRODUCER -> SpanKind.PRODUCER;
      case SPAN_KIND_CONSUMER -> SpanKind.CONSUMER;
      default -> SpanKind.INTERNAL;
    };
  }

  private static StatusData status(io.opentelemetry.proto.trace.v1.Status status) {
    return switch (status.getCode()) {
      case STATUS_CODE_ERROR -> StatusData.create(StatusCode.ERROR, status.getMessage());
      case STATUS_CODE_OK -> StatusData.ok();
      default -> StatusData.unset();
    };
  }

  private static Attributes attributes(List<KeyValue> keyValues) {
    AttributesBuilder b = Attributes.builder();
    for (KeyValue kv : keyValues) {
      AnyValue v = kv.getValue();
      switch (v.getValueCase()) {
        case STRING_VALUE -> b.put(kv.getKey(), v.getStringValue());
        case BOOL_VALUE -> b.put(kv.getKey(), v.getBoolValue());
        case INT_VALUE -> b.put(kv.getKey(), v.getIntValue());
        case DOUBLE_VALUE -> b.put(kv.getKey(), v.getDoubleValue());
        case ARRAY_VALUE -> arrayAttribute(b, kv.getKey(), v.getArrayValue().getValuesList());
        default -> b.put(kv.getKey(), v.toString());
      }
    }
    return b.build();
  }

  private static void arrayAttribute(AttributesBuilder b, String key, List<AnyValue> values) {
    if (values.isEmpty() || values.get(0).hasStringValue()) {
      b.put(
          AttributeKey.stringArrayKey(key), values.stream().map(AnyValue::getStringValue).toList());
    } else if (values.get(0).hasIntValue()) {
      b.put(AttributeKey.longArrayKey(key), values.stream().map(AnyValue::getIntValue).toList());
    } else if (values.get(0).hasDoubleValue()) {
      b.put(
          AttributeKey.doubleArrayKey(key), values.stream().map(AnyValue::getDoubleValue).toList());
    } else {
      b.put(
          AttributeKey.booleanArrayKey(key), values.stream().map(AnyValue::getBoolValue).toList());
    }
  }

  private static @Nullable String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
