package io.otelllm.langchain4j;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.InputGuardrail;
import dev.langchain4j.guardrail.InputGuardrailException;
import dev.langchain4j.guardrail.InputGuardrailResult;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.otelllm.core.spi.OtelLlmAttributes;
import io.otelllm.langchain4j.testing.TracedOllama;
import io.otelllm.ollamawire.Exchange;
import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.ModelScript.ToolCall;
import io.otelllm.ollamawire.OllamaWireServer;
import io.otelllm.testing.internal.SpanTrees;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real {@code AiServices} over the real langchain4j-ollama clients and real HTTP, against the wire
 * server, whose model decides on tool calls from the conversation as a model would: every tool
 * round trip, failure, concurrency and stream asserted as the exact span tree it exports. What a
 * real Ollama also does is in {@link OllamaContractTest}'s AI-service test.
 */
class AiServicesTracingTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  static final String MEMORY = "bread is baked at dawn";
  static OllamaWireServer server;

  LangChain4jTelemetry lc4j;
  LangChain4jTelemetry capturing;
  VillageTools tools;

  /**
   * The villager agent of a simulation: what it does in a situation. Public for its default method
   * (the JDK runs one only for a caller that can access the interface — langchain4j's own proxy
   * too); the streaming one is package-private, which the traced proxy supports.
   */
  public interface Villager {
    String act(@MemoryId String villager, @dev.langchain4j.service.UserMessage String situation);

    /** Default methods are the interface's own code: their calls of the others are traced. */
    default String actTwice(String villager, String situation) {
      return act(villager, situation) + " / " + act(villager, situation);
    }
  }

  /** The same agent, streaming. */
  interface StreamingVillager {
    TokenStream act(
        @MemoryId String villager, @dev.langchain4j.service.UserMessage String situation);
  }

  /** The tools of the village; each one notes the span it ran under. */
  public static class VillageTools {
    final List<SpanContext> ranUnder = Collections.synchronizedList(new ArrayList<>());
    final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    final List<String> topics = Collections.synchronizedList(new ArrayList<>());
    volatile CountDownLatch meet = new CountDownLatch(0);
    volatile Villager neighbour;

    @Tool("Recalls what the villager remembers about a topic")
    public String recall_memory(@P("the topic") String topic) throws InterruptedException {
      ranUnder.add(Span.current().getSpanContext());
      topics.add(topic);
      threads.add(Thread.currentThread().getName());
      meetTheOthers();
      Thread.sleep(20);
      return MEMORY;
    }

    @Tool("Describes what the villager sees")
    public String look_around() throws InterruptedException {
      ranUnder.add(Span.current().getSpanContext());
      threads.add(Thread.currentThread().getName());
      meetTheOthers();
      throw new IllegalStateException("too dark to see");
    }

    @Tool("Asks the neighbour")
    public String ask_neighbour(@P("the question") String question) {
      ranUnder.add(Span.current().getSpanContext());
      return neighbour.act("neighbour", "recall " + question);
    }

    // Concurrent tools wait here for each other: proof that they ran at the same time.
    private void meetTheOthers() throws InterruptedException {
      CountDownLatch latch = meet;
      latch.countDown();
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the other tools never came");
      }
    }
  }

  /** The model's decision, from the last thing it was told. */
  static List<ToolCall> decide(JsonNode request) {
    if (ModelScript.lastIsToolResult(request)) {
      return List.of();
    }
    String said = lastUserText(request);
    if (said.startsWith("recall ")) {
      return List.of(
          new ToolCall(
              "recall_memory", "{\"topic\":\"" + said.substring("recall ".length()) + "\"}"));
    }
    if (said.startsWith("look")) {
      return List.of(new ToolCall("look_around", "{}"));
    }
    if (said.startsWith("both")) {
      return List.of(
          new ToolCall("recall_memory", "{\"topic\":\"bread\"}"),
          new ToolCall("look_around", "{}"));
    }
    if (said.startsWith("fly")) {
      return List.of(new ToolCall("fly", "{}"));
    }
    if (said.startsWith("ask ")) {
      return List.of(
          new ToolCall(
              "ask_neighbour", "{\"question\":\"" + said.substring("ask ".length()) + "\"}"));
    }
    return List.of();
  }

  static String lastUserText(JsonNode request) {
    JsonNode messages = request.path("messages");
    for (int i = messages.size() - 1; i >= 0; i--) {
      if ("user".equals(messages.get(i).path("role").asText())) {
        return messages.get(i).path("content").asText();
      }
    }
    return "";
  }

  static String reply(JsonNode request) {
    JsonNode messages = request.path("messages");
    JsonNode last = messages.get(messages.size() - 1);
    return "tool".equals(last.path("role").asText())
        ? "I learned: " + last.path("content").asText()
        : "Nothing to do";
  }

  @BeforeAll
  static void startServer() {
    server =
        OllamaWireServer.start(
            ModelScript.builder("villager")
                .toolCalls(AiServicesTracingTest::decide)
                .reply(AiServicesTracingTest::reply)
                .firstTokenDelay(Duration.ofMillis(5))
                .chunkDelay(Duration.ofMillis(1))
                .build(),
            ModelScript.builder("broken")
                .failWithStatus(500, "an error was encountered while running the model")
                .build());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void setUp() {
    server.clearExchanges();
    lc4j = LangChain4jTelemetry.create(otel.getOpenTelemetry());
    capturing =
        LangChain4jTelemetry.builder(otel.getOpenTelemetry())
            .setCaptureMessageContent(true)
            .build();
    tools = new VillageTools();
  }

  ChatModel model(LangChain4jTelemetry telemetry, String name) {
    return TracedOllama.at(server.baseUrl(), telemetry).chat(name);
  }

  StreamingChatModel streamingModel(LangChain4jTelemetry telemetry, String name) {
    return TracedOllama.at(server.baseUrl(), telemetry).streaming(name);
  }

  /** A traced builder with the chat memory every {@code @MemoryId} service needs. */
  static <T> AiServices<T> service(LangChain4jTelemetry telemetry, Class<T> type) {
    return telemetry
        .aiServices()
        .builder(type)
        .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20));
  }

  Villager villager(LangChain4jTelemetry telemetry) {
    return service(telemetry, Villager.class)
        .chatModel(model(telemetry, "villager"))
        .tools(tools)
        .build();
  }

  static SpanData named(String name) {
    return SpanTrees.named(otel.getSpans(), name);
  }

  static List<SpanData> childrenOf(SpanData parent) {
    return SpanTrees.childrenOf(otel.getSpans(), parent);
  }

  static SpanData awaitSpan(String name) throws InterruptedException {
    return SpanTrees.awaitNamed(otel::getSpans, name);
  }

  /** The tool call ids the server sent, in order. */
  static List<String> toolCallIds() {
    List<String> ids = new ArrayList<>();
    for (Exchange e : server.exchanges()) {
      for (JsonNode call : e.lastLine().path("message").path("tool_calls")) {
        ids.add(call.path("id").asText());
      }
    }
    return ids;
  }

  @Test
  void anInvocationIsOneAgentSpanWithTheModelCallsAndTheToolBetweenThem() {
    String answer = villager(lc4j).act("ada", "recall bread");

    assertThat(answer).isEqualTo("I learned: " + MEMORY);
    assertThat(otel.getSpans()).hasSize(4);
    SpanData agent = named("invoke_agent Villager.act");
    List<SpanData> children = childrenOf(agent);
    assertThat(children)
        .extracting(SpanData::getName)
        .containsExactly("chat villager", "execute_tool recall_memory", "chat villager");
    SpanData firstCall = children.get(0);
    SpanData tool = children.get(1);
    SpanData secondCall = children.get(2);
    // The tool ran between the model's request of it and the model's answer, inside its span.
    assertThat(tool.getStartEpochNanos()).isGreaterThanOrEqualTo(firstCall.getEndEpochNanos());
    assertThat(tool.getEndEpochNanos()).isLessThanOrEqualTo(secondCall.getStartEpochNanos());
    assertThat(tool.getEndEpochNanos() - tool.getStartEpochNanos())
        .as("the tool sleeps 20 ms inside its span")
        .isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
    assertThat(tools.ranUnder).extracting(SpanContext::getSpanId).containsExactly(tool.getSpanId());
    assertThat(tools.topics).containsExactly("bread");

    long inputTokens = 0;
    long outputTokens = 0;
    for (SpanData call : List.of(firstCall, secondCall)) {
      inputTokens += call.getAttributes().get(GEN_AI_USAGE_INPUT_TOKENS);
      outputTokens += call.getAttributes().get(GEN_AI_USAGE_OUTPUT_TOKENS);
    }
    assertThat(agent)
        .hasKind(SpanKind.INTERNAL)
        .hasNoParent()
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfyingExactly(
            equalTo(GEN_AI_OPERATION_NAME, "invoke_agent"),
            equalTo(GEN_AI_AGENT_NAME, "Villager.act"),
            equalTo(GEN_AI_CONVERSATION_ID, "ada"),
            equalTo(
                OtelLlmAttributes.CODE_FUNCTION_NAME,
                "io.otelllm.langchain4j.AiServicesTracingTest$Villager.act"),
            equalTo(GEN_AI_PROVIDER_NAME, "ollama"),
            equalTo(GEN_AI_REQUEST_MODEL, "villager"),
            equalTo(GEN_AI_USAGE_INPUT_TOKENS, inputTokens),
            equalTo(GEN_AI_USAGE_OUTPUT_TOKENS, outputTokens),
            equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 2L),
            equalTo(OtelLlmAttributes.TURN_LLM_ERRORS, 0L),
            equalTo(OtelLlmAttributes.TURN_TOOL_CALLS, 1L),
            equalTo(OtelLlmAttributes.TURN_TOOL_ERRORS, 0L),
            io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.satisfies(
                OtelLlmAttributes.TURN_LLM_DURATION, d -> d.isPositive()),
            io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.satisfies(
                OtelLlmAttributes.TURN_TOOL_DURATION, d -> d.isGreaterThanOrEqualTo(0.020)));
    assertThat(tool)
        .hasKind(SpanKind.INTERNAL)
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfyingExactly(
            equalTo(GEN_AI_OPERATION_NAME, "execute_tool"),
            equalTo(GEN_AI_TOOL_NAME, "recall_memory"),
            equalTo(GEN_AI_TOOL_CALL_ID, toolCallIds().get(0)),
            equalTo(GEN_AI_TOOL_TYPE, "function"),
            equalTo(GEN_AI_TOOL_DESCRIPTION, "Recalls what the villager remembers about a topic"));
    assertThat(toolCallIds().get(0)).matches("call_[a-z]{8}");
    assertThat(firstCall.getAttributes().get(GEN_AI_RESPONSE_FINISH_REASONS))
        .containsExactly("tool_call");
    assertThat(secondCall.getAttributes().get(GEN_AI_RESPONSE_FINISH_REASONS))
        .containsExactly("stop");
    assertThat(List.of(firstCall, secondCall))
        .allSatisfy(
            call ->
                assertThat(call)
                    .hasAttributesSatisfying(
                        equalTo(GEN_AI_CONVERSATION_ID, "ada"),
                        equalTo(OtelLlmAttributes.AGENT_NAME, "Villager.act")));
  }

  @Test
  void withContentCaptureTheToolsArgumentsAndResultAreRecorded() {
    villager(capturing).act("ada", "recall bread");

    assertThat(named("execute_tool recall_memory"))
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("gen_ai.tool.call.arguments"), "{\"topic\":\"bread\"}"),
            equalTo(AttributeKey.stringKey("gen_ai.tool.call.result"), MEMORY));
  }

  @Test
  void aToolThatThrowsIsAnErrorSpanAndTheAgentGoesOnWithTheErrorAsTheToolsAnswer() {
    String answer = villager(lc4j).act("bo", "look");

    assertThat(answer).isEqualTo("I learned: too dark to see");
    SpanData agent = named("invoke_agent Villager.act");
    SpanData tool = named("execute_tool look_around");
    assertThat(tool)
        .hasParentSpanId(agent.getSpanId())
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(ErrorAttributes.ERROR_TYPE, "java.lang.IllegalStateException"));
    assertThat(tool.getEvents()).extracting(EventData::getName).containsExactly("exception");
    assertThat(agent)
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfying(
            equalTo(OtelLlmAttributes.TURN_TOOL_CALLS, 1L),
            equalTo(OtelLlmAttributes.TURN_TOOL_ERRORS, 1L),
            equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 2L));
  }

  @Test
  void theApplicationsOwnHooksAndErrorHandlerStillRunAroundTheSpans() {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    Villager villager =
        service(lc4j, Villager.class)
            .chatModel(model(lc4j, "villager"))
            .tools(tools)
            .beforeToolExecution(
                before ->
                    seen.add(
                        "before "
                            + before.request().name()
                            + " in span "
                            + Span.current().getSpanContext().isValid()))
            .afterToolExecution(
                after ->
                    seen.add(
                        "after "
                            + after.request().name()
                            + " failed="
                            + after.hasFailed()
                            + " in tool span "
                            + Span.current()
                                .getSpanContext()
                                .getSpanId()
                                .equals(tools.ranUnder.get(0).getSpanId())))
            .toolExecutionErrorHandler(
                (error, context) -> {
                  seen.add("handled " + error.getClass().getSimpleName());
                  return ToolErrorHandlerResult.text("it is night");
                })
            .build();

    assertThat(villager.act("cy", "look")).isEqualTo("I learned: it is night");
    // The user's before-hook runs before the span starts (under the agent span), the after-hook
    // once it has ended.
    assertThat(seen)
        .containsExactly(
            "before look_around in span true",
            "handled IllegalStateException",
            "after look_around failed=true in tool span false");
    assertThat(named("execute_tool look_around"))
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(ErrorAttributes.ERROR_TYPE, "java.lang.IllegalStateException"));
  }

  @Test
  void toolsRunConcurrentlyAreSiblingsUnderTheAgentSpanOnPoolThreads() {
    tools.meet = new CountDownLatch(2);
    Villager villager =
        service(lc4j, Villager.class)
            .chatModel(model(lc4j, "villager"))
            .tools(tools)
            .executeToolsConcurrently()
            .build();

    villager.act("di", "both");

    SpanData agent = named("invoke_agent Villager.act");
    SpanData recall = named("execute_tool recall_memory");
    SpanData look = named("execute_tool look_around");
    assertThat(List.of(recall, look))
        .allSatisfy(tool -> assertThat(tool).hasParentSpanId(agent.getSpanId()));
    // Each waited for the other inside its span: the spans overlap.
    assertThat(recall.getStartEpochNanos()).isLessThan(look.getEndEpochNanos());
    assertThat(look.getStartEpochNanos()).isLessThan(recall.getEndEpochNanos());
    assertThat(tools.threads).hasSize(2).doesNotHaveDuplicates();
    assertThat(tools.threads).noneMatch(t -> t.equals(Thread.currentThread().getName()));
    assertThat(tools.ranUnder)
        .extracting(SpanContext::getSpanId)
        .containsExactlyInAnyOrder(recall.getSpanId(), look.getSpanId());
    assertThat(toolCallIds()).hasSize(2).doesNotHaveDuplicates();
    assertThat(
            List.of(
                recall.getAttributes().get(GEN_AI_TOOL_CALL_ID),
                look.getAttributes().get(GEN_AI_TOOL_CALL_ID)))
        .containsExactlyElementsOf(toolCallIds());
    assertThat(look).hasStatus(StatusData.error());
    assertThat(agent)
        .hasAttributesSatisfying(
            equalTo(OtelLlmAttributes.TURN_TOOL_CALLS, 2L),
            equalTo(OtelLlmAttributes.TURN_TOOL_ERRORS, 1L));
  }

  @Test
  void aStreamingInvocationsSpanStartsWithTheStreamAndEndsWhenItCompletes() throws Exception {
    StreamingVillager villager =
        service(lc4j, StreamingVillager.class)
            .streamingChatModel(streamingModel(lc4j, "villager"))
            .tools(tools)
            .build();

    TokenStream stream = villager.act("ed", "recall bread");
    assertThat(otel.getSpans()).as("nothing has run yet").isEmpty();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    StringBuilder text = new StringBuilder();
    stream
        .onPartialResponse(text::append)
        .onCompleteResponse(done::complete)
        .onError(done::completeExceptionally)
        .start();
    ChatResponse response = done.get(30, TimeUnit.SECONDS);

    assertThat(response.aiMessage().text()).isEqualTo("I learned: " + MEMORY);
    assertThat(text.toString()).isEqualTo("I learned: " + MEMORY);
    SpanData agent = awaitSpan("invoke_agent StreamingVillager.act");
    List<SpanData> children = childrenOf(agent);
    assertThat(children)
        .extracting(SpanData::getName)
        .containsExactly("chat villager", "execute_tool recall_memory", "chat villager");
    assertThat(agent.getEndEpochNanos())
        .as("the span ends with the stream, after its last model call")
        .isGreaterThanOrEqualTo(children.get(2).getEndEpochNanos());
    assertThat(agent)
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfying(
            equalTo(GEN_AI_CONVERSATION_ID, "ed"),
            equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 2L),
            equalTo(OtelLlmAttributes.TURN_TOOL_CALLS, 1L));
    assertThat(children.get(0).getAttributes().get(OtelLlmAttributes.RESPONSE_CHUNK_COUNT))
        .isEqualTo(1L);
    assertThat(otel.getSpans()).hasSize(4);
  }

  @Test
  void aFailedStreamFailsItsAgentSpanAndIgnoredErrorsStillEndIt() throws Exception {
    StreamingVillager villager =
        service(lc4j, StreamingVillager.class)
            .streamingChatModel(streamingModel(lc4j, "broken"))
            .build();

    CompletableFuture<Throwable> failed = new CompletableFuture<>();
    villager.act("fa", "hello").onPartialResponse(t -> {}).onError(failed::complete).start();
    Throwable error = failed.get(30, TimeUnit.SECONDS);
    SpanData agent = awaitSpan("invoke_agent StreamingVillager.act");
    assertThat(agent)
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(ErrorAttributes.ERROR_TYPE, error.getClass().getName()),
            equalTo(OtelLlmAttributes.TURN_LLM_ERRORS, 1L));

    otel.clearSpans();
    villager.act("fa", "hello").onPartialResponse(t -> {}).ignoreErrors().start();
    assertThat(awaitSpan("invoke_agent StreamingVillager.act")).hasStatus(StatusData.error());
  }

  @Test
  void cancellingTheStreamEndsTheAgentSpanAndTheModelCallAsCancelled() throws Exception {
    StreamingVillager villager =
        service(lc4j, StreamingVillager.class)
            .streamingChatModel(streamingModel(lc4j, "villager"))
            .build();

    CountDownLatch cancelled = new CountDownLatch(1);
    villager
        .act("ca", "hello")
        .onPartialResponseWithContext(
            (partial, context) -> {
              context.streamingHandle().cancel();
              cancelled.countDown();
            })
        .onError(error -> {})
        .start();

    assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    SpanData agent = awaitSpan("invoke_agent StreamingVillager.act");
    assertThat(agent)
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(ErrorAttributes.ERROR_TYPE, "java.util.concurrent.CancellationException"));
    assertThat(awaitSpan("chat villager"))
        .hasParentSpanId(agent.getSpanId())
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(ErrorAttributes.ERROR_TYPE, "java.util.concurrent.CancellationException"));
  }

  @Test
  void aFailedModelCallFailsTheInvocationAndItsSpanWithTheSameException() {
    Villager villager = service(lc4j, Villager.class).chatModel(model(lc4j, "broken")).build();

    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(() -> villager.act("fe", "hi"));

    assertThat(thrown).isNotNull();
    SpanData agent = named("invoke_agent Villager.act");
    assertThat(agent)
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(ErrorAttributes.ERROR_TYPE, thrown.getClass().getName()),
            equalTo(OtelLlmAttributes.TURN_LLM_ERRORS, 1L));
    assertThat(named("chat broken"))
        .hasParentSpanId(agent.getSpanId())
        .hasStatus(StatusData.error());
  }

  @Test
  void aToolTheModelMadeUpIsAFailedToolSpanWhetherTheStrategyThrowsOrAnswers() {
    Villager strict = villager(lc4j);
    assertThatThrownBy(() -> strict.act("gu", "fly")).hasMessageContaining("'fly'");
    assertThat(named("execute_tool fly"))
        .hasParentSpanId(named("invoke_agent Villager.act").getSpanId())
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(equalTo(ErrorAttributes.ERROR_TYPE, "java.lang.RuntimeException"));
    assertThat(named("invoke_agent Villager.act")).hasStatus(StatusData.error());
    assertThat(Span.current().getSpanContext().isValid()).as("no scope left behind").isFalse();

    otel.clearSpans();
    Villager lenient =
        service(lc4j, Villager.class)
            .chatModel(model(lc4j, "villager"))
            .tools(tools)
            .hallucinatedToolNameStrategy(
                request ->
                    ToolExecutionResultMessage.from(request, "there is no tool " + request.name()))
            .build();
    assertThat(lenient.act("gu", "fly")).isEqualTo("I learned: there is no tool fly");
    assertThat(named("execute_tool fly"))
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(
                ErrorAttributes.ERROR_TYPE,
                "io.otelllm.langchain4j.internal.UnknownToolException"));
    assertThat(named("invoke_agent Villager.act")).hasStatus(StatusData.unset());
  }

  @Test
  void anAiServiceCalledFromAnothersToolNestsUnderThatToolAndOneInAHandWrittenTurnUnderIt() {
    tools.neighbour =
        lc4j.aiServices()
            .builder(Villager.class, "Neighbour")
            .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
            .chatModel(model(lc4j, "villager"))
            .tools(tools)
            .build();
    Villager villager = villager(lc4j);

    lc4j.telemetry().agentTurn("Simulation").run(() -> villager.act("fi", "ask bread"));

    SpanData simulation = named("invoke_agent Simulation");
    SpanData outer = named("invoke_agent Villager.act");
    SpanData ask = named("execute_tool ask_neighbour");
    SpanData inner = named("invoke_agent Neighbour");
    SpanData recall = named("execute_tool recall_memory");
    assertThat(outer).hasParentSpanId(simulation.getSpanId());
    assertThat(ask).hasParentSpanId(outer.getSpanId());
    assertThat(inner)
        .hasParentSpanId(ask.getSpanId())
        .hasAttributesSatisfying(
            equalTo(GEN_AI_AGENT_NAME, "Neighbour"),
            equalTo(GEN_AI_CONVERSATION_ID, "neighbour"),
            equalTo(
                OtelLlmAttributes.CODE_FUNCTION_NAME,
                "io.otelllm.langchain4j.AiServicesTracingTest$Villager.act"),
            equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 2L),
            equalTo(OtelLlmAttributes.TURN_TOOL_CALLS, 1L));
    assertThat(recall).hasParentSpanId(inner.getSpanId());
    assertThat(childrenOf(inner))
        .extracting(SpanData::getName)
        .containsExactly("chat villager", "execute_tool recall_memory", "chat villager");
    // The outer agent's invocation cost the neighbour's too; the simulation's turn counts all.
    assertThat(outer)
        .hasAttributesSatisfying(
            equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 4L),
            equalTo(OtelLlmAttributes.TURN_TOOL_CALLS, 2L));
    assertThat(simulation)
        .hasAttributesSatisfying(
            equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 4L),
            equalTo(OtelLlmAttributes.TURN_TOOL_CALLS, 2L));
    assertThat(otel.getSpans()).hasSize(9);
  }

  @Test
  void hundredsOfConcurrentInvocationsKeepTheirTreesApart() throws Exception {
    Villager villager = villager(capturing);
    int invocations = 200;
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < invocations; i++) {
        String name = "villager-" + i;
        answers.add(pool.submit(() -> villager.act(name, "recall " + name)));
      }
      for (Future<String> answer : answers) {
        assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo("I learned: " + MEMORY);
      }
    } finally {
      pool.shutdown();
    }

    List<SpanData> agents =
        otel.getSpans().stream()
            .filter(s -> s.getName().equals("invoke_agent Villager.act"))
            .toList();
    assertThat(agents).hasSize(invocations);
    assertThat(otel.getSpans()).hasSize(invocations * 4);
    for (SpanData agent : agents) {
      String name = agent.getAttributes().get(GEN_AI_CONVERSATION_ID);
      List<SpanData> children = childrenOf(agent);
      assertThat(children)
          .as("the tree of %s", name)
          .extracting(SpanData::getName)
          .containsExactly("chat villager", "execute_tool recall_memory", "chat villager");
      assertThat(
              children
                  .get(1)
                  .getAttributes()
                  .get(AttributeKey.stringKey("gen_ai.tool.call.arguments")))
          .isEqualTo("{\"topic\":\"" + name + "\"}");
      assertThat(children.get(0).getAttributes().get(GEN_AI_CONVERSATION_ID)).isEqualTo(name);
      assertThat(children.get(0).getTraceId()).isEqualTo(agent.getTraceId());
      assertThat(agent)
          .hasAttributesSatisfying(
              equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 2L),
              equalTo(OtelLlmAttributes.TURN_TOOL_CALLS, 1L));
    }
    assertThat(agents).extracting(SpanData::getTraceId).doesNotHaveDuplicates();
  }

  /** A guardrail that refuses shouting. */
  public static class NoShouting implements InputGuardrail {
    @Override
    public InputGuardrailResult validate(UserMessage userMessage) {
      String text = userMessage.singleText();
      return text.equals(text.toUpperCase(java.util.Locale.ROOT))
          ? failure("no shouting")
          : success();
    }
  }

  @Test
  void guardrailVerdictsAreEventsOnTheAgentSpanAndARefusalFailsIt() {
    Villager villager =
        service(lc4j, Villager.class)
            .chatModel(model(lc4j, "villager"))
            .inputGuardrails(new NoShouting())
            .build();

    assertThat(villager.act("gi", "good morning")).isEqualTo("Nothing to do");
    assertThatThrownBy(() -> villager.act("gi", "GOOD MORNING"))
        .isInstanceOf(InputGuardrailException.class);

    List<SpanData> agents =
        otel.getSpans().stream()
            .filter(s -> s.getName().equals("invoke_agent Villager.act"))
            .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos))
            .toList();
    assertThat(agents).hasSize(2);
    assertThat(agents.get(0)).hasStatus(StatusData.unset());
    assertThat(agents.get(0).getEvents()).hasSize(1);
    EventData passed = agents.get(0).getEvents().get(0);
    assertThat(passed.getName()).isEqualTo("otel_llm.guardrail");
    assertThat(passed.getAttributes().get(OtelLlmAttributes.GUARDRAIL_NAME))
        .isEqualTo("NoShouting");
    assertThat(passed.getAttributes().get(OtelLlmAttributes.GUARDRAIL_KIND)).isEqualTo("input");
    assertThat(passed.getAttributes().get(OtelLlmAttributes.GUARDRAIL_RESULT)).isEqualTo("success");
    assertThat(passed.getAttributes().get(OtelLlmAttributes.GUARDRAIL_DURATION))
        .isNotNull()
        .isGreaterThanOrEqualTo(0.0);
    assertThat(agents.get(1))
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(ErrorAttributes.ERROR_TYPE, InputGuardrailException.class.getName()),
            equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 0L));
    assertThat(agents.get(1).getEvents())
        .filteredOn(e -> e.getName().equals("otel_llm.guardrail"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getAttributes().get(OtelLlmAttributes.GUARDRAIL_RESULT))
                    .isEqualTo("failure"));
  }

  @Test
  void aDefaultMethodTracesTheCallsItMakesAndObjectMethodsTraceNothing() {
    Villager villager = villager(lc4j);

    assertThat(villager.actTwice("ha", "hello")).isEqualTo("Nothing to do / Nothing to do");
    assertThat(villager).isEqualTo(villager).isNotEqualTo(villager(lc4j));
    assertThat(villager.hashCode()).isEqualTo(System.identityHashCode(villager));
    assertThat(villager.toString()).contains("Villager");

    assertThat(otel.getSpans())
        .filteredOn(s -> s.getName().equals("invoke_agent Villager.act"))
        .hasSize(2)
        .allSatisfy(s -> assertThat(s).hasNoParent());
    assertThat(otel.getSpans()).hasSize(4);
  }

  @Test
  void aModelAlreadyWrappedIsNotWrappedTwice() {
    Villager villager = service(lc4j, Villager.class).chatModel(model(lc4j, "villager")).build();
    Villager fromRaw =
        service(lc4j, Villager.class)
            .chatModel(
                dev.langchain4j.model.ollama.OllamaChatModel.builder()
                    .baseUrl(server.baseUrl())
                    .modelName("villager")
                    .build())
            .build();

    villager.act("ja", "hello");
    fromRaw.act("ja", "hello");

    assertThat(otel.getSpans())
        .filteredOn(s -> s.getName().equals("chat villager"))
        .hasSize(2)
        .allSatisfy(
            s ->
                assertThat(s.getParentSpanId()).isNotEqualTo(SpanContext.getInvalid().getSpanId()));
    assertThat(otel.getSpans()).hasSize(4);
  }
}
