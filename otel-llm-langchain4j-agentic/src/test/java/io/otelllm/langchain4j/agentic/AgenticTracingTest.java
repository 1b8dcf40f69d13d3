package io.otelllm.langchain4j.agentic;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agentic.Agent;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.agentic.scope.ResultWithAgenticScope;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.otelllm.core.spi.OtelLlmAttributes;
import io.otelllm.langchain4j.LangChain4jTelemetry;
import io.otelllm.langchain4j.testing.TracedOllama;
import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.OllamaWireServer;
import io.otelllm.testing.internal.SpanTrees;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * langchain4j-agentic 1.19.0-beta29 workflows over the real langchain4j-ollama client (1.18.1, on
 * langchain4j 1.19.0) against the wire server: every agent invocation a span, sub-agents nested,
 * tools and model calls under their agent, failures as errors.
 */
class AgenticTracingTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  static OllamaWireServer server;
  LangChain4jTelemetry lc4j;

  /** Plans a villager's day; may look something up first. */
  public interface Planner {
    @UserMessage("Plan the day of a villager who cares about {{topic}}.")
    @Agent(description = "Plans a villager's day", outputKey = "plan")
    String plan(@V("topic") String topic);
  }

  /** Says one line about the plan. */
  public interface Speaker {
    @UserMessage("Say one line about this plan: {{plan}}")
    @Agent(description = "Says one line", outputKey = "line")
    String speak(@V("plan") String plan);
  }

  /** Notices the weather, in parallel with the planner. */
  public interface Watcher {
    @UserMessage("What is the weather like for {{topic}}?")
    @Agent(description = "Watches the sky", outputKey = "weather")
    String watch(@V("topic") String topic);
  }

  /** The planner's tool. */
  public static class Memories {
    final List<String> ranUnder = Collections.synchronizedList(new java.util.ArrayList<>());

    @Tool("Recall the memory closest to a topic")
    public String recall_memory(String topic) {
      ranUnder.add(Span.current().getSpanContext().getSpanId());
      return "bread is baked at dawn";
    }
  }

  /** A tool that always fails. */
  public static class DarkMemories {
    @Tool("Recall the memory closest to a topic")
    public String recall_memory(String topic) {
      throw new IllegalStateException("it is too dark to remember");
    }
  }

  @BeforeAll
  static void startServer() {
    server =
        OllamaWireServer.start(
            ModelScript.builder("planner")
                .toolCall("recall_memory", "{\"topic\":\"bread\"}")
                .reply("Bake at dawn, sell at noon.")
                .firstTokenDelay(Duration.ofMillis(5))
                .build(),
            ModelScript.builder("speaker").reply("Fresh bread, friends!").build(),
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
    lc4j = LangChain4jTelemetry.create(otel.getOpenTelemetry());
  }

  ChatModel model(String name) {
    return TracedOllama.at(server.baseUrl(), lc4j).chat(name);
  }

  static SpanData named(String name) {
    return SpanTrees.named(otel.getSpans(), name);
  }

  static List<String> childNames(SpanData parent) {
    return SpanTrees.childNames(otel.getSpans(), parent);
  }

  @Test
  void aSequenceIsOneAgentSpanWithItsSubAgentsTheirToolsAndModelCallsNestedInOrder() {
    Memories memories = new Memories();
    Planner planner =
        AgenticServices.agentBuilder(Planner.class)
            .chatModel(model("planner"))
            .tools(memories)
            .build();
    Speaker speaker =
        AgenticServices.agentBuilder(Speaker.class).chatModel(model("speaker")).build();
    UntypedAgent day =
        AgenticServices.sequenceBuilder()
            .name("village_day")
            .subAgents(planner, speaker)
            .outputKey("line")
            .listener(AgenticTelemetry.listener(lc4j))
            .build();

    ResultWithAgenticScope<String> result = day.invokeWithAgenticScope(Map.of("topic", "bread"));

    assertThat(result.result()).isEqualTo("Fresh bread, friends!");
    SpanData root = named("invoke_agent village_day");
    SpanData plan = named("invoke_agent plan");
    SpanData speak = named("invoke_agent speak");
    SpanData tool = named("execute_tool recall_memory");
    String conversation = String.valueOf(result.agenticScope().memoryId());
    assertThat(root)
        .hasKind(SpanKind.INTERNAL)
        .hasNoParent()
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfying(
            equalTo(GEN_AI_OPERATION_NAME, "invoke_agent"),
            equalTo(GEN_AI_AGENT_NAME, "village_day"),
            equalTo(GEN_AI_CONVERSATION_ID, conversation),
            equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 3L),
            equalTo(OtelLlmAttributes.TURN_TOOL_CALLS, 1L));
    assertThat(childNames(root)).containsExactly("invoke_agent plan", "invoke_agent speak");
    assertThat(plan)
        .hasAttributesSatisfying(
            equalTo(GEN_AI_AGENT_NAME, "plan"),
            equalTo(GEN_AI_AGENT_DESCRIPTION, "Plans a villager's day"),
            equalTo(GEN_AI_CONVERSATION_ID, conversation),
            equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 2L),
            equalTo(OtelLlmAttributes.TURN_TOOL_CALLS, 1L));
    assertThat(plan.getAttributes().get(GEN_AI_AGENT_ID)).isNotBlank();
    assertThat(childNames(plan))
        .containsExactly("chat planner", "execute_tool recall_memory", "chat planner");
    assertThat(memories.ranUnder).containsExactly(tool.getSpanId());
    assertThat(childNames(speak)).containsExactly("chat speaker");
    assertThat(otel.getSpans()).hasSize(7);
  }

  @Test
  void parallelSubAgentsAreSiblingsUnderTheirWorkflowOnPoolThreads() throws Exception {
    CountDownLatch both = new CountDownLatch(2);
    ChatModel meetingModel = waitingForTheOther(model("speaker"), both);
    Watcher watcher = AgenticServices.agentBuilder(Watcher.class).chatModel(meetingModel).build();
    Planner planner = AgenticServices.agentBuilder(Planner.class).chatModel(meetingModel).build();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      UntypedAgent morning =
          AgenticServices.parallelBuilder()
              .name("morning")
              .subAgents(planner, watcher)
              .executor(pool)
              .listener(AgenticTelemetry.listener(lc4j))
              .build();

      morning.invoke(Map.of("topic", "bread"));
    } finally {
      pool.shutdown();
    }

    SpanData root = named("invoke_agent morning");
    assertThat(childNames(root))
        .containsExactlyInAnyOrder("invoke_agent plan", "invoke_agent watch");
    SpanData plan = named("invoke_agent plan");
    SpanData watch = named("invoke_agent watch");
    assertThat(plan.getStartEpochNanos()).isLessThan(watch.getEndEpochNanos());
    assertThat(watch.getStartEpochNanos()).isLessThan(plan.getEndEpochNanos());
    assertThat(childNames(plan)).containsExactly("chat speaker");
    assertThat(childNames(watch)).containsExactly("chat speaker");
    assertThat(root).hasAttributesSatisfying(equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 2L));
  }

  @Test
  void aFailingSubAgentFailsItsSpanAndTheWorkflows() {
    Planner planner =
        AgenticServices.agentBuilder(Planner.class).chatModel(model("broken")).build();
    UntypedAgent day =
        AgenticServices.sequenceBuilder()
            .name("village_day")
            .subAgents(planner)
            .outputKey("plan")
            .listener(AgenticTelemetry.listener(lc4j))
            .build();

    assertThatThrownBy(() -> day.invoke(Map.of("topic", "bread")));

    SpanData root = named("invoke_agent village_day");
    SpanData plan = named("invoke_agent plan");
    assertThat(plan)
        .hasParentSpanId(root.getSpanId())
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(OtelLlmAttributes.TURN_LLM_ERRORS, 1L),
            io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.satisfies(
                ErrorAttributes.ERROR_TYPE, type -> type.isNotBlank()));
    assertThat(root).hasStatus(StatusData.error());
    assertThat(named("chat broken"))
        .hasParentSpanId(plan.getSpanId())
        .hasStatus(StatusData.error());
    assertThat(Span.current().getSpanContext().isValid()).as("no scope left behind").isFalse();
  }

  @Test
  void anAgentsFailingToolIsAnErrorSpanUnderItAndTheAgentGoesOn() {
    Planner planner =
        AgenticServices.agentBuilder(Planner.class)
            .chatModel(model("planner"))
            .tools(new DarkMemories())
            .listener(AgenticTelemetry.listener(lc4j))
            .build();

    assertThat(planner.plan("bread")).isEqualTo("Bake at dawn, sell at noon.");

    SpanData plan = named("invoke_agent plan");
    assertThat(named("execute_tool recall_memory"))
        .hasParentSpanId(plan.getSpanId())
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(
                ErrorAttributes.ERROR_TYPE,
                "io.otelllm.langchain4j.internal.ToolErrorResultException"));
    assertThat(plan)
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfying(
            equalTo(OtelLlmAttributes.TURN_TOOL_ERRORS, 1L),
            equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 2L));
  }

  /** {@code model}, each call of which waits until {@code latch}'s other party has called too. */
  static ChatModel waitingForTheOther(ChatModel model, CountDownLatch latch) {
    return new ChatModel() {
      @Override
      public dev.langchain4j.model.chat.response.ChatResponse doChat(
          dev.langchain4j.model.chat.request.ChatRequest request) {
        latch.countDown();
        try {
          if (!latch.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the other agent never came");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        return model.chat(request);
      }
    };
  }
}
