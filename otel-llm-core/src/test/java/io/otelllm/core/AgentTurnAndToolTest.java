package io.otelllm.core;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.core.spi.LlmResponse;
import io.otelllm.core.spi.OtelLlmAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AgentTurnAndToolTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private LlmTelemetry telemetry;

  // Not in a field initializer: the extension replaces its meter provider before each test.
  @BeforeEach
  void setUp() {
    telemetry = LlmTelemetry.create(otel.getOpenTelemetry());
  }

  private static SpanData named(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  private void call(String model, long in, long out) {
    telemetry
        .llmCall(LlmRequest.builder("chat", "ollama").setRequestModel(model).build())
        .start()
        .end(LlmResponse.builder().setInputTokens(in).setOutputTokens(out).build());
  }

  @Test
  void agentTurnWithThreeCallsRollsUpTheirTotals() {
    AgentTurn turn =
        telemetry
            .agentTurn("Ada")
            .setAgentId("agent-1")
            .setDescription("the village baker")
            .setConversationId("sim-42")
            .setTurnNumber(7)
            .start();
    assertThat(Context.current()).as("started, not yet current").isSameAs(Context.root());
    try (Scope ignored = turn.makeCurrent()) {
      call("planner", 100, 20);
      call("talker", 200, 40);
      LlmCall failed =
          telemetry
              .llmCall(LlmRequest.builder("chat", "ollama").setRequestModel("mem").build())
              .start();
      failed.fail(
          new IllegalStateException("boom"), LlmResponse.builder().setInputTokens(5L).build());
      assertThat(Context.current()).isSameAs(turn.context());
    }
    turn.end();
    assertThat(Context.current()).isSameAs(Context.root());

    List<SpanData> spans = otel.getSpans();
    assertThat(spans).hasSize(4);
    SpanData turnSpan = named(spans, "invoke_agent Ada");
    assertThat(turnSpan)
        .hasKind(SpanKind.INTERNAL)
        .hasNoParent()
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfyingExactly(
            equalTo(GEN_AI_OPERATION_NAME, "invoke_agent"),
            equalTo(GEN_AI_AGENT_NAME, "Ada"),
            equalTo(GEN_AI_AGENT_ID, "agent-1"),
            equalTo(GEN_AI_AGENT_DESCRIPTION, "the village baker"),
            equalTo(GEN_AI_CONVERSATION_ID, "sim-42"),
            // Every call used ollama (so the turn says so); they asked for three models (so it
            // doesn't).
            equalTo(GEN_AI_PROVIDER_NAME, "ollama"),
            equalTo(OtelLlmAttributes.TURN_NUMBER, 7L),
            equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 3L),
            equalTo(OtelLlmAttributes.TURN_LLM_ERRORS, 1L),
            equalTo(GEN_AI_USAGE_INPUT_TOKENS, 305L),
            equalTo(GEN_AI_USAGE_OUTPUT_TOKENS, 60L),
            equalTo(OtelLlmAttributes.TURN_TOOL_CALLS, 0L),
            equalTo(OtelLlmAttributes.TURN_TOOL_ERRORS, 0L),
            equalTo(OtelLlmAttributes.TURN_TOOL_DURATION, 0.0),
            io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.satisfies(
                OtelLlmAttributes.TURN_LLM_DURATION, d -> d.isPositive()));
    // The turn's LLM time is its calls' durations as the duration metric measured them.
    double measured =
        otel.getMetrics().stream()
            .filter(m -> m.getName().equals("gen_ai.client.operation.duration"))
            .flatMap(m -> m.getHistogramData().getPoints().stream())
            .mapToDouble(p -> p.getSum())
            .sum();
    assertThat(turnSpan.getAttributes().get(OtelLlmAttributes.TURN_LLM_DURATION))
        .isCloseTo(measured, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(spans)
        .filteredOn(s -> s.getKind() == SpanKind.CLIENT)
        .hasSize(3)
        .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(turnSpan.getSpanId()))
        .allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(turnSpan.getTraceId()))
        .allSatisfy(
            s -> assertThat(s.getAttributes().get(OtelLlmAttributes.AGENT_NAME)).isEqualTo("Ada"))
        .allSatisfy(
            s ->
                assertThat(s.getAttributes().get(GEN_AI_CONVERSATION_ID))
                    .as("a call inside a turn is part of the turn's conversation")
                    .isEqualTo("sim-42"));
  }

  @Test
  void aTurnWhoseCallsAllUsedOneModelNamesItAndACallsOwnConversationIdWins() {
    telemetry
        .agentTurn("Cy")
        .setConversationId("village")
        .run(
            () -> {
              call("llama3.2", 1, 1);
              telemetry
                  .llmCall(
                      LlmRequest.builder("chat", "ollama")
                          .setRequestModel("llama3.2")
                          .setConversationId("side-chat")
                          .build())
                  .start()
                  .end(LlmResponse.empty());
            });
    SpanData turn = named(otel.getSpans(), "invoke_agent Cy");
    assertThat(turn)
        .hasAttributesSatisfying(
            equalTo(GEN_AI_PROVIDER_NAME, "ollama"), equalTo(GEN_AI_REQUEST_MODEL, "llama3.2"));
    assertThat(otel.getSpans())
        .filteredOn(s -> s.getKind() == SpanKind.CLIENT)
        .extracting(s -> s.getAttributes().get(GEN_AI_CONVERSATION_ID))
        .containsExactly("village", "side-chat");
  }

  @Test
  void aTurnWithoutUsageClaimsNoTokensAndAFailedTurnIsAnError() {
    AgentTurn bo = telemetry.agentTurn("Bo").start();
    try (Scope ignored = bo.makeCurrent()) {
      telemetry
          .llmCall(LlmRequest.builder("chat", "ollama").build())
          .start()
          .end(LlmResponse.empty());
    }
    bo.fail(new IllegalArgumentException());
    bo.end(); // a second end is ignored: the turn stays failed
    SpanData turn = named(otel.getSpans(), "invoke_agent Bo");
    assertThat(turn).hasStatus(StatusData.error());
    assertThat(turn.getAttributes().get(GEN_AI_USAGE_INPUT_TOKENS)).isNull();
    assertThat(turn.getAttributes().get(ErrorAttributes.ERROR_TYPE))
        .isEqualTo("java.lang.IllegalArgumentException");
    assertThat(turn.getAttributes().get(OtelLlmAttributes.TURN_LLM_CALLS)).isEqualTo(1L);
  }

  @Test
  void toolSpanIsAnInternalChildOfTheTurnWithoutContentByDefault() {
    telemetry
        .agentTurn("Ada")
        .run(
            () ->
                telemetry
                    .toolExecution("recall_memory")
                    .setCallId("call-1")
                    .setDescription("Recalls a memory")
                    .setArguments("{\"about\":\"SECRET\"}")
                    .call(
                        () -> {
                          call("nested-in-tool", 1, 1);
                          return "SECRET memory";
                        }));
    SpanData turn = named(otel.getSpans(), "invoke_agent Ada");
    SpanData tool = named(otel.getSpans(), "execute_tool recall_memory");
    assertThat(tool)
        .hasKind(SpanKind.INTERNAL)
        .hasParentSpanId(turn.getSpanId())
        .hasAttributesSatisfyingExactly(
            equalTo(GEN_AI_OPERATION_NAME, "execute_tool"),
            equalTo(GEN_AI_TOOL_NAME, "recall_memory"),
            equalTo(GEN_AI_TOOL_CALL_ID, "call-1"),
            equalTo(GEN_AI_TOOL_TYPE, "function"),
            equalTo(GEN_AI_TOOL_DESCRIPTION, "Recalls a memory"));
    assertThat(named(otel.getSpans(), "chat nested-in-tool")).hasParentSpanId(tool.getSpanId());
  }

  @Test
  void toolArgumentsAndResultAreRecordedWithContentCaptureOnAndAFailedToolIsAnError() {
    LlmTelemetry capturing =
        LlmTelemetry.builder(otel.getOpenTelemetry()).setCaptureMessageContent(true).build();
    capturing
        .toolExecution("look_around")
        .setArguments("{\"radius\":3}")
        .start()
        .end("a well and two trees");
    capturing.toolExecution("broken").start().fail(new UnsupportedOperationException());
    assertThat(named(otel.getSpans(), "execute_tool look_around"))
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("gen_ai.tool.call.arguments"), "{\"radius\":3}"),
            equalTo(AttributeKey.stringKey("gen_ai.tool.call.result"), "a well and two trees"));
    assertThat(named(otel.getSpans(), "execute_tool broken"))
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(ErrorAttributes.ERROR_TYPE, "java.lang.UnsupportedOperationException"));
  }

  @Test
  void runAndCallEndTheSpanWithTheWorkAndAFailureFailsItAndIsRethrown() {
    LlmTelemetry capturing =
        LlmTelemetry.builder(otel.getOpenTelemetry()).setCaptureMessageContent(true).build();
    String memory = capturing.toolExecution("recall_memory").call(() -> "bread is baked at dawn");
    assertThat(memory).isEqualTo("bread is baked at dawn");
    capturing.toolExecution("look_around").run(() -> {});
    IllegalStateException boom = new IllegalStateException("the well is dark");
    assertThatThrownBy(
            () ->
                capturing
                    .agentTurn("Ada")
                    .run(
                        () ->
                            capturing
                                .toolExecution("descend")
                                .call(
                                    () -> {
                                      throw boom;
                                    })))
        .isSameAs(boom);
    // The shape for code that cannot be wrapped: start, makeCurrent around the work, end or fail.
    ToolExecution manual = capturing.toolExecution("manual").start();
    try (Scope ignored = manual.makeCurrent()) {
      throw new IllegalStateException();
    } catch (IllegalStateException e) {
      manual.fail(e);
    }
    manual.end("too late: a failed span stays failed");

    assertThat(named(otel.getSpans(), "execute_tool recall_memory"))
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("gen_ai.tool.call.result"), "bread is baked at dawn"));
    assertThat(named(otel.getSpans(), "execute_tool look_around")).hasStatus(StatusData.unset());
    SpanData descend = named(otel.getSpans(), "execute_tool descend");
    SpanData ada = named(otel.getSpans(), "invoke_agent Ada");
    assertThat(descend)
        .hasParentSpanId(ada.getSpanId())
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(ErrorAttributes.ERROR_TYPE, "java.lang.IllegalStateException"));
    assertThat(ada)
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(ErrorAttributes.ERROR_TYPE, "java.lang.IllegalStateException"),
            equalTo(OtelLlmAttributes.TURN_TOOL_CALLS, 1L),
            equalTo(OtelLlmAttributes.TURN_TOOL_ERRORS, 1L));
    assertThat(named(otel.getSpans(), "execute_tool manual"))
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(ErrorAttributes.ERROR_TYPE, "java.lang.IllegalStateException"));
    assertThat(
            named(otel.getSpans(), "execute_tool manual")
                .getAttributes()
                .get(AttributeKey.stringKey("gen_ai.tool.call.result")))
        .isNull();
  }

  @Test
  void aTurnRollsUpItsToolsBesideItsLlmCalls() throws Exception {
    telemetry
        .agentTurn("Ada")
        .run(
            () -> {
              telemetry.toolExecution("recall_memory").run(() -> Thread.sleep(20));
              telemetry.toolExecution("look_around").start().fail(new IllegalArgumentException());
              call("m", 3, 4);
            });
    SpanData turn = named(otel.getSpans(), "invoke_agent Ada");
    SpanData recall = named(otel.getSpans(), "execute_tool recall_memory");
    SpanData look = named(otel.getSpans(), "execute_tool look_around");
    double toolSeconds =
        (recall.getEndEpochNanos()
                - recall.getStartEpochNanos()
                + look.getEndEpochNanos()
                - look.getStartEpochNanos())
            / 1e9;
    assertThat(turn)
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfying(
            equalTo(OtelLlmAttributes.TURN_TOOL_CALLS, 2L),
            equalTo(OtelLlmAttributes.TURN_TOOL_ERRORS, 1L),
            equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 1L));
    // The Instrumenter's own clock, as for the LLM time: close to the spans' own durations.
    assertThat(turn.getAttributes().get(OtelLlmAttributes.TURN_TOOL_DURATION))
        .isGreaterThanOrEqualTo(0.020)
        .isCloseTo(toolSeconds, org.assertj.core.data.Offset.offset(0.005));
  }

  @Test
  void aTurnCountsTheCallsAndToolsOfTheTurnsNestedInItAndTheyOnlyTheirOwn() {
    telemetry
        .agentTurn("village")
        .run(
            () -> {
              call("m", 1, 2);
              telemetry
                  .agentTurn("Ada")
                  .run(
                      () -> {
                        call("m", 10, 20);
                        telemetry.toolExecution("recall_memory").run(() -> call("m", 100, 200));
                      });
            });
    assertThat(named(otel.getSpans(), "invoke_agent village"))
        .hasAttributesSatisfying(
            equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 3L),
            equalTo(OtelLlmAttributes.TURN_TOOL_CALLS, 1L),
            equalTo(GEN_AI_USAGE_INPUT_TOKENS, 111L),
            equalTo(GEN_AI_USAGE_OUTPUT_TOKENS, 222L));
    assertThat(named(otel.getSpans(), "invoke_agent Ada"))
        .hasAttributesSatisfying(
            equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 2L),
            equalTo(OtelLlmAttributes.TURN_TOOL_CALLS, 1L),
            equalTo(GEN_AI_USAGE_INPUT_TOKENS, 110L),
            equalTo(GEN_AI_USAGE_OUTPUT_TOKENS, 220L));
  }

  @Test
  void anExplicitParentAndATurnEndedOnAnotherThreadNestAndEndOnce() throws Exception {
    AgentTurn outer = telemetry.agentTurn("outer").start();
    Context outerContext = outer.context();
    AgentTurn detached =
        telemetry
            .agentTurn("stream")
            .setParent(outerContext)
            .setConversationId("c-7")
            .setAttribute(AttributeKey.longKey("sim.tick"), 42L)
            .setAttribute(AttributeKey.stringKey("dropped"), "x")
            .setAttribute(AttributeKey.stringKey("dropped"), null)
            .start();
    // Not current where it started: work for it runs under its context, wherever that is.
    assertThat(io.opentelemetry.api.trace.Span.current().getSpanContext().isValid()).isFalse();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      pool.submit(
              () -> {
                telemetry
                    .toolExecution("recall_memory")
                    .setParent(detached.context())
                    .run(() -> call("in-tool", 1, 1));
                detached.end();
                detached.end();
                detached.fail(new IllegalStateException("too late"));
              })
          .get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdown();
    }
    outer.end();
    SpanData outerSpan = named(otel.getSpans(), "invoke_agent outer");
    SpanData stream = named(otel.getSpans(), "invoke_agent stream");
    SpanData tool = named(otel.getSpans(), "execute_tool recall_memory");
    assertThat(otel.getSpans())
        .filteredOn(s -> s.getName().equals("invoke_agent stream"))
        .hasSize(1);
    assertThat(stream)
        .hasParentSpanId(outerSpan.getSpanId())
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfying(
            equalTo(GEN_AI_CONVERSATION_ID, "c-7"),
            equalTo(AttributeKey.longKey("sim.tick"), 42L),
            equalTo(OtelLlmAttributes.TURN_TOOL_CALLS, 1L),
            equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 1L));
    assertThat(stream.getAttributes().get(AttributeKey.stringKey("dropped"))).isNull();
    assertThat(tool).hasParentSpanId(stream.getSpanId());
    assertThat(named(otel.getSpans(), "chat in-tool")).hasParentSpanId(tool.getSpanId());
  }

  @Test
  void theApplicationsAttributesCannotOverwriteOtelLlmsOwn() {
    telemetry
        .agentTurn("Ada")
        .setAttribute(AttributeKey.stringKey("gen_ai.agent.name"), "Mallory")
        .setAttribute(AttributeKey.stringKey("gen_ai.operation.name"), "chat")
        .run(() -> {});
    assertThat(named(otel.getSpans(), "invoke_agent Ada"))
        .hasAttributesSatisfying(
            equalTo(GEN_AI_AGENT_NAME, "Ada"), equalTo(GEN_AI_OPERATION_NAME, "invoke_agent"));
  }

  @Test
  void callsOnAThreadPoolNestUnderTheTurnThatHandedThemItsContext() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<String> turnIds = new ArrayList<>();
      for (int t = 0; t < 5; t++) {
        AgentTurn turn = telemetry.agentTurn("agent-" + t).start();
        try (Scope ignored = turn.makeCurrent()) {
          List<Future<?>> futures = new ArrayList<>();
          for (int c = 0; c < 4; c++) {
            futures.add(pool.submit(turn.context().wrap(() -> call("m", 10, 1))));
          }
          // A pool wrapped once for the turn hands the context on too.
          ExecutorService wrapped = Context.current().wrap(pool);
          futures.add(wrapped.submit(() -> call("m", 10, 1)));
          for (Future<?> f : futures) {
            f.get(10, TimeUnit.SECONDS);
          }
        }
        turn.end();
      }
      for (int t = 0; t < 5; t++) {
        SpanData turn = named(otel.getSpans(), "invoke_agent agent-" + t);
        turnIds.add(turn.getSpanId());
        assertThat(turn)
            .hasAttributesSatisfying(
                equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 5L),
                equalTo(GEN_AI_USAGE_INPUT_TOKENS, 50L),
                equalTo(GEN_AI_USAGE_OUTPUT_TOKENS, 5L));
        assertThat(otel.getSpans())
            .filteredOn(s -> s.getParentSpanId().equals(turn.getSpanId()))
            .hasSize(5)
            .allSatisfy(s -> assertThat(s.getName()).isEqualTo("chat m"));
      }
      assertThat(turnIds).doesNotHaveDuplicates();
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void callLabelLandsOnEveryLlmSpanInItsScopeAndFollowsTheBoundedRule() {
    try (Scope ignored = CallLabel.makeCurrent("dialogue")) {
      call("m", 1, 1);
      try (Scope inner = CallLabel.makeCurrent("memory_consolidation")) {
        call("m", 1, 1);
      }
    }
    try (Scope ignored = CallLabel.makeCurrent("user said: hello world")) {
      call("m", 1, 1);
    }
    call("m", 1, 1);
    assertThat(otel.getSpans())
        .extracting(s -> s.getAttributes().get(OtelLlmAttributes.LABEL))
        .containsExactly("dialogue", "memory_consolidation", "_OTHER", null);
  }
}
