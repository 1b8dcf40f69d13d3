package io.otelllm.core;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.satisfies;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.otelllm.core.spi.GenAiOperationName;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.core.spi.LlmResponse;
import io.otelllm.core.spi.OtelLlmAttributes;
import io.otelllm.core.spi.ServerTimings;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LlmSpanTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private LlmTelemetry telemetry;

  // Not in a field initializer: the extension replaces its meter provider before each test.
  @BeforeEach
  void setUp() {
    telemetry = LlmTelemetry.create(otel.getOpenTelemetry());
  }

  /** How many calls the duration histogram counted: one per call that ended. */
  long durationCount() {
    return otel.getMetrics().stream()
        .filter(m -> m.getName().equals("gen_ai.client.operation.duration"))
        .flatMap(m -> m.getHistogramData().getPoints().stream())
        .mapToLong(p -> p.getCount())
        .sum();
  }

  static long turnAttribute(SpanData turn, io.opentelemetry.api.common.AttributeKey<Long> key) {
    return turn.getAttributes().get(key);
  }

  static LlmRequest.Builder fullRequest() {
    return LlmRequest.builder(GenAiOperationName.CHAT, "ollama")
        .setRequestModel("llama3.2")
        .setServerAddress("localhost")
        .setServerPort(11434L)
        .setTemperature(0.7)
        .setTopP(0.9)
        .setTopK(40.0)
        .setMaxTokens(256L)
        .setStopSequences(List.of("\n\n", "END"))
        .setFrequencyPenalty(0.1)
        .setPresencePenalty(0.2)
        .setSeed(42L)
        .setChoiceCount(2L)
        .setOutputType("json")
        .setConversationId("conv-7")
        .setToolNames(List.of("recall_memory", "look_around"));
  }

  @Test
  void aCallStartedWhileAnotherIsInFlightInItsContextIsThatCallAndRecordsNothingOfItsOwn() {
    LlmCall outer =
        telemetry
            .llmCall(LlmRequest.builder("chat", "ollama").setRequestModel("outer").build())
            .start();
    try (Scope ignored = outer.makeCurrent()) {
      LlmCall inner =
          telemetry
              .llmCall(LlmRequest.builder("chat", "ollama").setRequestModel("inner").build())
              .start();
      assertThat(inner.isRecording()).isFalse();
      try (Scope alsoIgnored = inner.makeCurrent()) {
        // What a transport adds under the inner call lands on the outer one.
        assertThat(LlmCall.current()).isSameAs(outer);
        LlmCall.current().setServer("ollama.internal", 11434);
      }
      inner.end(LlmResponse.builder().setInputTokens(1L).build());
    }
    outer.end(LlmResponse.builder().setInputTokens(7L).build());
    // Once the outer call has ended, its context no longer suppresses a call.
    telemetry
        .llmCall(LlmRequest.builder("chat", "ollama").setRequestModel("later").build())
        .setParent(outer.context())
        .start()
        .end(LlmResponse.builder().build());

    assertThat(otel.getSpans())
        .extracting(SpanData::getName)
        .containsExactly("chat outer", "chat later");
    assertThat(otel.getSpans().get(0))
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("server.address"), "ollama.internal"),
            equalTo(AttributeKey.longKey("gen_ai.usage.input_tokens"), 7L));
    assertThat(durationCount()).isEqualTo(2);
  }

  @Test
  void syncCallHasEveryRequestAndResponseFactAsSemconvAttributes() {
    LlmCall call = telemetry.llmCall(fullRequest().build()).start();
    call.end(
        LlmResponse.builder()
            .setResponseModel("llama3.2:3b")
            .setResponseId("resp-1")
            .setFinishReasons(List.of("stop"))
            .setInputTokens(26L)
            .setOutputTokens(298L)
            .setCacheReadInputTokens(10L)
            .setCacheCreationInputTokens(3L)
            .setReasoningOutputTokens(50L)
            .build());

    assertThat(otel.getSpans()).hasSize(1);
    assertThat(otel.getSpans().get(0))
        .hasName("chat llama3.2")
        .hasKind(SpanKind.CLIENT)
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfyingExactly(
            equalTo(GEN_AI_OPERATION_NAME, "chat"),
            equalTo(GEN_AI_PROVIDER_NAME, "ollama"),
            equalTo(GEN_AI_REQUEST_MODEL, "llama3.2"),
            equalTo(ServerAttributes.SERVER_ADDRESS, "localhost"),
            equalTo(ServerAttributes.SERVER_PORT, 11434L),
            equalTo(GEN_AI_REQUEST_TEMPERATURE, 0.7),
            equalTo(GEN_AI_REQUEST_TOP_P, 0.9),
            equalTo(GEN_AI_REQUEST_TOP_K, 40.0),
            equalTo(GEN_AI_REQUEST_MAX_TOKENS, 256L),
            equalTo(GEN_AI_REQUEST_STOP_SEQUENCES, List.of("\n\n", "END")),
            equalTo(GEN_AI_REQUEST_FREQUENCY_PENALTY, 0.1),
            equalTo(GEN_AI_REQUEST_PRESENCE_PENALTY, 0.2),
            equalTo(GEN_AI_REQUEST_SEED, 42L),
            equalTo(GEN_AI_REQUEST_CHOICE_COUNT, 2L),
            equalTo(GEN_AI_OUTPUT_TYPE, "json"),
            equalTo(GEN_AI_CONVERSATION_ID, "conv-7"),
            equalTo(OtelLlmAttributes.REQUEST_TOOL_NAMES, List.of("recall_memory", "look_around")),
            equalTo(GEN_AI_RESPONSE_MODEL, "llama3.2:3b"),
            equalTo(GEN_AI_RESPONSE_ID, "resp-1"),
            equalTo(GEN_AI_RESPONSE_FINISH_REASONS, List.of("stop")),
            equalTo(GEN_AI_USAGE_INPUT_TOKENS, 26L),
            equalTo(GEN_AI_USAGE_OUTPUT_TOKENS, 298L),
            equalTo(GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, 10L),
            equalTo(GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, 3L),
            equalTo(GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, 50L));
  }

  @Test
  void startAttributesAreVisibleToSamplersAndUnsetParametersAreNotReportedAsZero() {
    LlmCall call =
        telemetry
            .llmCall(LlmRequest.builder("chat", "ollama").setRequestModel("qwen2.5:0.5b").build())
            .start();
    call.end(LlmResponse.empty());
    assertThat(otel.getSpans().get(0))
        .hasName("chat qwen2.5:0.5b")
        .hasAttributesSatisfyingExactly(
            equalTo(GEN_AI_OPERATION_NAME, "chat"),
            equalTo(GEN_AI_PROVIDER_NAME, "ollama"),
            equalTo(GEN_AI_REQUEST_MODEL, "qwen2.5:0.5b"));
    assertThat(otel.getSpans().get(0).getAttributes().get(AttributeKey.stringKey("gen_ai.system")))
        .as("the deprecated gen_ai.system is not emitted")
        .isNull();
  }

  @Test
  void streamingCallRecordsTimeToFirstChunkAndTheFirstTokenEventAtTheFirstChunk() throws Exception {
    LlmCall call =
        telemetry
            .llmCall(
                LlmRequest.builder("chat", "ollama")
                    .setRequestModel("llama3.2")
                    .setStream(true)
                    .build())
            .start();
    Thread.sleep(30);
    long beforeFirst = System.currentTimeMillis() * 1_000_000L;
    call.onChunk();
    long afterFirst = System.currentTimeMillis() * 1_000_000L + 1_000_000L;
    for (int i = 0; i < 9; i++) {
      Thread.sleep(2);
      call.onChunk();
    }
    call.end(LlmResponse.builder().setOutputTokens(10L).setFinishReasons(List.of("stop")).build());

    SpanData span = otel.getSpans().get(0);
    Double ttft = span.getAttributes().get(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK);
    assertThat(ttft).isGreaterThanOrEqualTo(0.030).isLessThan(5.0);
    assertThat(span)
        .hasAttributesSatisfying(
            equalTo(GEN_AI_REQUEST_STREAM, true),
            equalTo(OtelLlmAttributes.RESPONSE_CHUNK_COUNT, 10L));
    assertThat(span.getEvents()).hasSize(1);
    EventData event = span.getEvents().get(0);
    assertThat(event.getName()).isEqualTo("otel_llm.first_token");
    assertThat(event.getEpochNanos()).isBetween(beforeFirst - 1_000_000L, afterFirst);
    assertThat(event.getAttributes().get(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK)).isEqualTo(ttft);
    // The event's stamp and the attribute agree: event time - span start ≈ ttft.
    double fromStamps = (event.getEpochNanos() - span.getStartEpochNanos()) / 1e9;
    assertThat(fromStamps).isCloseTo(ttft, org.assertj.core.data.Offset.offset(0.005));
  }

  @Test
  void failedCallHasErrorStatusErrorTypeClassNameAndExceptionEventButNoMessageInErrorType() {
    LlmCall call =
        telemetry
            .llmCall(LlmRequest.builder("chat", "ollama").setRequestModel("m").build())
            .start();
    ConnectException error = new ConnectException("secret prompt text in message");
    call.fail(error);

    SpanData span = otel.getSpans().get(0);
    assertThat(span)
        .hasStatus(StatusData.error())
        .hasAttributesSatisfyingExactly(
            equalTo(GEN_AI_OPERATION_NAME, "chat"),
            equalTo(GEN_AI_PROVIDER_NAME, "ollama"),
            equalTo(GEN_AI_REQUEST_MODEL, "m"),
            equalTo(ErrorAttributes.ERROR_TYPE, "java.net.ConnectException"))
        .hasException(error);
  }

  @Test
  void failWithNullStillMarksTheSpanFailed() {
    telemetry.llmCall(LlmRequest.builder("chat", "ollama").build()).start().fail(null);
    assertThat(otel.getSpans().get(0))
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            satisfies(ErrorAttributes.ERROR_TYPE, t -> t.endsWith("UnknownLlmError")));
  }

  @Test
  void blankOrNullModelNamesTheSpanByTheOperationAlone() {
    telemetry
        .llmCall(LlmRequest.builder("chat", "ollama").setRequestModel("  ").build())
        .start()
        .end(null);
    telemetry
        .llmCall(LlmRequest.builder("embeddings", "ollama").setRequestModel(null).build())
        .start()
        .end(null);
    assertThat(otel.getSpans()).extracting(SpanData::getName).containsExactly("chat", "embeddings");
    assertThat(otel.getSpans().get(0).getAttributes().get(GEN_AI_REQUEST_MODEL)).isNull();
  }

  @Test
  void endingTwiceOrFailingAfterEndRecordsTheCallOnceWithTheFirstOutcome() {
    telemetry
        .agentTurn("Ada")
        .run(
            () -> {
              LlmCall call =
                  telemetry.llmCall(LlmRequest.builder("chat", "ollama").build()).start();
              call.end(LlmResponse.builder().setOutputTokens(5L).build());
              call.end(LlmResponse.builder().setOutputTokens(7L).build());
              call.fail(new IllegalStateException());
              call.onChunk();
            });
    SpanData call =
        otel.getSpans().stream()
            .filter(s -> s.getKind() == SpanKind.CLIENT)
            .findFirst()
            .orElseThrow();
    assertThat(call)
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfying(equalTo(GEN_AI_USAGE_OUTPUT_TOKENS, 5L));
    // What the end-once guard protects (the SDK span would ignore a second end by itself):
    // the metrics and the turn's roll-up count the call once, with its first outcome.
    assertThat(durationCount()).isEqualTo(1);
    SpanData turn =
        otel.getSpans().stream()
            .filter(s -> s.getKind() == SpanKind.INTERNAL)
            .findFirst()
            .orElseThrow();
    assertThat(turnAttribute(turn, OtelLlmAttributes.TURN_LLM_CALLS)).isEqualTo(1);
    assertThat(turnAttribute(turn, OtelLlmAttributes.TURN_LLM_ERRORS)).isZero();
    assertThat(turnAttribute(turn, OtelLlmAttributes.GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(5);
  }

  @Test
  void endingOnAnotherThreadWorksAndRacingEndsRecordTheCallOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AgentTurn bo = telemetry.agentTurn("Bo").start();
    try (Scope ignored = bo.makeCurrent()) {
      for (int i = 0; i < 50; i++) {
        LlmCall call = telemetry.llmCall(LlmRequest.builder("chat", "ollama").build()).start();
        for (int t = 0; t < 4; t++) {
          boolean fail = t % 2 == 0;
          pool.submit(
              () -> {
                if (fail) {
                  call.fail(new RuntimeException());
                } else {
                  call.end(LlmResponse.empty());
                }
              });
        }
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }
    bo.end();
    assertThat(otel.getSpans()).filteredOn(s -> s.getKind() == SpanKind.CLIENT).hasSize(50);
    assertThat(durationCount()).as("each racing call counted once by the metrics").isEqualTo(50);
    SpanData turn =
        otel.getSpans().stream()
            .filter(s -> s.getKind() == SpanKind.INTERNAL)
            .findFirst()
            .orElseThrow();
    assertThat(turnAttribute(turn, OtelLlmAttributes.TURN_LLM_CALLS))
        .as("and by the roll-up")
        .isEqualTo(50);
  }

  @Test
  void transportCanAddTheRealServerAndHttpStatusToTheCurrentOperation() {
    LlmCall call =
        telemetry
            .llmCall(LlmRequest.builder("chat", "ollama").setRequestModel("m").build())
            .start();
    try (Scope ignored = call.makeCurrent()) {
      LlmCall seenByTransport = LlmCall.current();
      assertThat(seenByTransport).isSameAs(call);
      seenByTransport.setServer("ollama.internal", 11434);
      seenByTransport.recordHttpStatus(404);
    }
    call.fail(new IllegalArgumentException("model not found"));
    assertThat(otel.getSpans().get(0))
        .hasAttributesSatisfying(
            equalTo(ServerAttributes.SERVER_ADDRESS, "ollama.internal"),
            equalTo(ServerAttributes.SERVER_PORT, 11434L),
            equalTo(AttributeKey.longKey("http.response.status_code"), 404L));
  }

  @Test
  void serverTimingsBecomeSecondsAttributesAndAColdStartEvent() {
    LlmCall call =
        telemetry
            .llmCall(LlmRequest.builder("chat", "ollama").setRequestModel("m").build())
            .start();
    call.recordServerTimings(
        ServerTimings.builder()
            .setLoadNanos(2_154_458_000L)
            .setPromptEvalNanos(383_809_000L)
            .setEvalNanos(4_799_921_000L)
            .setTotalNanos(7_391_566_416L)
            .setEvalCount(298L)
            .build());
    call.end(LlmResponse.builder().setOutputTokens(298L).build());
    SpanData span = otel.getSpans().get(0);
    assertThat(span)
        .hasAttributesSatisfying(
            equalTo(OtelLlmAttributes.SERVER_LOAD_DURATION, 2.154458),
            equalTo(OtelLlmAttributes.SERVER_PROMPT_EVAL_DURATION, 0.383809),
            equalTo(OtelLlmAttributes.SERVER_EVAL_DURATION, 4.799921),
            equalTo(OtelLlmAttributes.SERVER_TOTAL_DURATION, 7.391566416),
            // 7.391566416 - 2.154458 - 0.383809 - 4.799921: waited for a slot.
            equalTo(OtelLlmAttributes.SERVER_QUEUE_DURATION, 0.053378416),
            satisfies(
                OtelLlmAttributes.SERVER_OUTPUT_TOKENS_PER_SECOND,
                rate -> rate.isCloseTo(298 / 4.799921, org.assertj.core.data.Offset.offset(1e-9))));
    assertThat(span.getEvents()).hasSize(1);
    assertThat(span.getEvents().get(0).getName()).isEqualTo("otel_llm.model_load");
    assertThat(span.getEvents().get(0).getAttributes().get(OtelLlmAttributes.SERVER_LOAD_DURATION))
        .isEqualTo(2.154458);
  }

  @Test
  void theServersTokenCountsFillInWhatTheClientDidNotReportAndNeverOverrideIt() {
    ServerTimings counted =
        ServerTimings.builder()
            .setTotalNanos(20_000_000L)
            .setPromptEvalCount(12L)
            .setEvalCount(5L)
            .build();
    LlmCall unreported =
        telemetry.llmCall(LlmRequest.builder("embeddings", "ollama").build()).start();
    unreported.recordServerTimings(counted);
    unreported.end(LlmResponse.empty());
    LlmCall reported = telemetry.llmCall(LlmRequest.builder("chat", "ollama").build()).start();
    reported.recordServerTimings(counted);
    reported.end(LlmResponse.builder().setInputTokens(30L).build());

    assertThat(otel.getSpans().get(0))
        .hasAttributesSatisfying(
            equalTo(OtelLlmAttributes.GEN_AI_USAGE_INPUT_TOKENS, 12L),
            equalTo(OtelLlmAttributes.GEN_AI_USAGE_OUTPUT_TOKENS, 5L));
    assertThat(otel.getSpans().get(1))
        .hasAttributesSatisfying(
            equalTo(OtelLlmAttributes.GEN_AI_USAGE_INPUT_TOKENS, 30L),
            equalTo(OtelLlmAttributes.GEN_AI_USAGE_OUTPUT_TOKENS, 5L));
  }

  @Test
  void aWarmModelGetsNoColdStartEvent() {
    LlmCall call = telemetry.llmCall(LlmRequest.builder("chat", "ollama").build()).start();
    call.recordServerTimings(
        ServerTimings.builder()
            .setLoadNanos(2_000_000L)
            .setPromptEvalNanos(1_000L)
            .setEvalNanos(1_000L)
            .setTotalNanos(3_000_000L)
            .setEvalCount(1L)
            .build());
    call.end(null);
    assertThat(otel.getSpans().get(0).getEvents()).isEmpty();
  }

  @Test
  void llmSpanIsAChildOfTheContextCurrentWhenItBegins() {
    LlmCall parent = telemetry.llmCall(LlmRequest.builder("chat", "ollama").build()).start();
    LlmCall child;
    try (Scope ignored = parent.makeCurrent()) {
      child = telemetry.llmCall(LlmRequest.builder("embeddings", "ollama").build()).start();
    }
    LlmCall explicit =
        telemetry
            .llmCall(LlmRequest.builder("chat", "x").build())
            .setParent(parent.context())
            .start();
    child.end(null);
    explicit.end(null);
    parent.end(null);
    SpanData p =
        otel.getSpans().stream()
            .filter(
                s ->
                    s.getName().equals("chat")
                        && "ollama".equals(s.getAttributes().get(GEN_AI_PROVIDER_NAME)))
            .findFirst()
            .orElseThrow();
    assertThat(otel.getSpans())
        .filteredOn(s -> s != p)
        .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(p.getSpanId()));
  }

  @Test
  void nullRequestGivesANoopOperationThatNeverThrows() {
    LlmCall call = telemetry.llmCall(null).setParent(Context.root()).start();
    assertThatCode(
            () -> {
              call.onChunk();
              call.end(null);
              call.fail(null);
            })
        .doesNotThrowAnyException();
    assertThat(call.isRecording()).isFalse();
    assertThat(otel.getSpans()).isEmpty();
  }

  @Test
  void threadResourcesAreRecordedForSyncCallsWhenOptedIn() {
    LlmTelemetry withResources =
        LlmTelemetry.builder(otel.getOpenTelemetry()).setCaptureThreadResources(true).build();
    LlmCall call = withResources.llmCall(LlmRequest.builder("chat", "ollama").build()).start();
    byte[][] garbage = new byte[64][];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = new byte[16 * 1024];
    }
    call.end(LlmResponse.empty());
    SpanData span = otel.getSpans().get(0);
    assertThat(span.getAttributes().get(OtelLlmAttributes.THREAD_ALLOCATED_BYTES))
        .isGreaterThanOrEqualTo(64L * 16 * 1024);
    assertThat(span.getAttributes().get(OtelLlmAttributes.THREAD_CPU_TIME))
        .isGreaterThanOrEqualTo(0.0);
    assertThat(garbage[63]).hasSize(16 * 1024);

    otel.clearSpans();
    telemetry.llmCall(LlmRequest.builder("chat", "ollama").build()).start().end(null);
    assertThat(otel.getSpans().get(0).getAttributes().get(OtelLlmAttributes.THREAD_CPU_TIME))
        .as("off by default")
        .isNull();
  }
}
