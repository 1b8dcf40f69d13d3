package io.otelllm.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.otelllm.langchain4j.testing.TracedOllama;
import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.OllamaWireServer;
import io.otelllm.testing.internal.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * Thousands of calls on several threads, mixing success, model exceptions, user-handler exceptions,
 * mid-stream errors, cancellations and timeouts on the sync and streaming paths: zero spans left
 * open, zero ended twice, every failure with status ERROR and {@code error.type}.
 */
class SpanLifecycleRandomizedTest {

  enum Scenario {
    SYNC_OK,
    SYNC_HTTP_500,
    SYNC_TIMEOUT,
    STREAM_OK,
    STREAM_MID_STREAM_ERROR,
    STREAM_HANDLER_THROWS,
    STREAM_CANCELLED,
    STREAM_TIMEOUT
  }

  static final int CALLS = 2000;
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** Sees every span start and end, as the SDK reports them. */
  static final class LifecycleAudit implements SpanProcessor {
    final Map<String, String> open = new ConcurrentHashMap<>();
    final AtomicInteger unexpectedEnds = new AtomicInteger();
    final List<SpanData> ended = new CopyOnWriteArrayList<>();

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
      open.put(span.getSpanContext().getSpanId(), span.getName());
    }

    @Override
    public boolean isStartRequired() {
      return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      if (open.remove(span.getSpanContext().getSpanId()) == null) {
        unexpectedEnds.incrementAndGet();
      }
      ended.add(span.toSpanData());
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }
  }

  @Test
  void everySpanEndsExactlyOnceWhateverHappensToTheCall() throws Exception {
    // The SDK itself logs (at FINE) any attempt to end an ended span: count those too.
    LogCapture sdkSpanLog = LogCapture.of("io.opentelemetry.sdk.trace.SdkSpan", Level.FINE);

    LifecycleAudit audit = new LifecycleAudit();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(audit).build())
            .build();
    LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(sdk);
    Duration zero = Duration.ZERO;
    Map<Scenario, AtomicInteger> counts = new ConcurrentHashMap<>();
    try (OllamaWireServer server =
        OllamaWireServer.start(
            ModelScript.builder("ok")
                .reply("one two three four five six")
                .firstTokenDelay(zero)
                .chunkDelay(zero)
                .build(),
            ModelScript.builder("broken").failWithStatus(500, "boom").build(),
            ModelScript.builder("mid")
                .reply("one two three four five six")
                .failMidStream(2)
                .firstTokenDelay(zero)
                .chunkDelay(zero)
                .build(),
            ModelScript.builder("hang").hang().build())) {
      Map<String, ChatModel> sync = new ConcurrentHashMap<>();
      Map<String, StreamingChatModel> streaming = new ConcurrentHashMap<>();
      for (String model : List.of("ok", "broken", "hang")) {
        sync.put(
            model,
            TracedOllama.at(server.baseUrl(), lc4j)
                .chat(model, b -> b.timeout(Duration.ofMillis(150))));
      }
      for (String model : List.of("ok", "mid", "hang")) {
        streaming.put(
            model,
            TracedOllama.at(server.baseUrl(), lc4j)
                .streaming(model, b -> b.timeout(Duration.ofMillis(150))));
      }

      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> futures = new ArrayList<>();
      Random random = new Random(20261127);
      for (int i = 0; i < CALLS; i++) {
        // Timeouts are rarer: each holds a thread for the client's timeout.
        int draw = random.nextInt(100);
        Scenario scenario =
            draw < 2
                ? Scenario.SYNC_TIMEOUT
                : draw < 4
                    ? Scenario.STREAM_TIMEOUT
                    : Scenario.values()[draw % Scenario.values().length];
        if (scenario == Scenario.SYNC_TIMEOUT && draw >= 4) {
          scenario = Scenario.SYNC_OK;
        }
        if (scenario == Scenario.STREAM_TIMEOUT && draw >= 4) {
          scenario = Scenario.STREAM_OK;
        }
        Scenario s = scenario;
        counts.computeIfAbsent(s, k -> new AtomicInteger()).incrementAndGet();
        futures.add(pool.submit(() -> run(s, sync, streaming)));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!audit.open.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      sdkSpanLog.close();
    }
    List<LogRecord> endedTwice =
        sdkSpanLog.records().stream()
            .filter(r -> r.getMessage() != null && r.getMessage().contains("ended"))
            .toList();

    assertThat(audit.open).as("spans left open").isEmpty();
    assertThat(audit.unexpectedEnds.get()).as("spans ended twice or never started").isZero();
    assertThat(endedTwice).as("end() on an ended span").isEmpty();
    assertThat(audit.ended).hasSize(CALLS);
    int okCalls =
        counts.getOrDefault(Scenario.SYNC_OK, new AtomicInteger()).get()
            + counts.getOrDefault(Scenario.STREAM_OK, new AtomicInteger()).get();
    assertThat(audit.ended.stream().filter(s -> s.getStatus().getStatusCode() != StatusCode.ERROR))
        .hasSize(okCalls);
    assertThat(audit.ended.stream().filter(s -> s.getStatus().getStatusCode() == StatusCode.ERROR))
        .hasSize(CALLS - okCalls)
        .allSatisfy(s -> assertThat(s.getAttributes().get(ERROR_TYPE)).isNotBlank());
    assertThat(
            audit.ended.stream()
                .filter(
                    s ->
                        "java.util.concurrent.CancellationException"
                            .equals(s.getAttributes().get(ERROR_TYPE))))
        .hasSize(counts.get(Scenario.STREAM_CANCELLED).get());
    assertThat(
            audit.ended.stream()
                .filter(
                    s ->
                        "java.lang.IllegalStateException"
                            .equals(s.getAttributes().get(ERROR_TYPE))))
        .hasSize(counts.get(Scenario.STREAM_HANDLER_THROWS).get());
    assertThat(counts.keySet()).containsExactlyInAnyOrder(Scenario.values());
  }

  private static void run(
      Scenario s, Map<String, ChatModel> sync, Map<String, StreamingChatModel> streaming) {
    switch (s) {
      case SYNC_OK ->
          assertThat(sync.get("ok").chat("hi")).isEqualTo("one two three four five six");
      case SYNC_HTTP_500 -> expectFailure(() -> sync.get("broken").chat("hi"));
      case SYNC_TIMEOUT -> expectFailure(() -> sync.get("hang").chat("hi"));
      case STREAM_OK -> assertThat(stream(streaming.get("ok"), false, false)).isNull();
      case STREAM_MID_STREAM_ERROR ->
          assertThat(stream(streaming.get("mid"), false, false)).isNotNull();
      case STREAM_HANDLER_THROWS ->
          assertThat(stream(streaming.get("ok"), true, false))
              .isInstanceOf(IllegalStateException.class);
      case STREAM_CANCELLED -> stream(streaming.get("ok"), false, true);
      case STREAM_TIMEOUT -> assertThat(stream(streaming.get("hang"), false, false)).isNotNull();
    }
  }

  private static void expectFailure(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException expected) {
      return;
    }
    throw new AssertionError("the call should have failed");
  }

  /**
   * Streams one answer; returns the error the handler got, or null on completion or cancellation.
   */
  private static Throwable stream(
      StreamingChatModel model, boolean throwInHandler, boolean cancel) {
    FutureHandler handler =
        new FutureHandler() {
          @Override
          public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            if (cancel) {
              context.streamingHandle().cancel();
              result.complete(null); // a cancelled stream gets no further callback
            } else if (throwInHandler) {
              throw new IllegalStateException("user handler bug");
            }
          }
        };
    model.chat("hi", handler);
    try {
      return handler.awaitError(30);
    } catch (Exception e) {
      throw new AssertionError("the stream never finished", e);
    }
  }
}
