package io.otelllm.examples.sim;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.otelllm.langchain4j.LangChain4jTelemetry;
import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.OllamaWireServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo's tools are langchain4j's, run by its AI service: a recall whose embedding fails is a
 * failed tool span. (The demo used to close its hand-written tool span in a try-with-resources and
 * catch outside it, exporting such a recall as a success.)
 */
class SimulationToolsTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");

  @Test
  void aRecallWhoseEmbeddingFailsIsAFailedToolSpanUnderThePlanner() throws Exception {
    try (OllamaWireServer server =
        OllamaWireServer.start(
            ModelScript.builder("planner")
                .toolCall("recall_memory", "{\"topic\":\"bread\"}")
                .jsonReply("{\"intent\":\"talk\",\"topic\":\"bread\"}")
                .reply("Fresh bread today.")
                .build(),
            ModelScript.builder("no-embeddings")
                .failWithStatus(500, "an error was encountered while running the model")
                .build())) {
      LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(otel.getOpenTelemetry());
      SimulationConfig config =
          new SimulationConfig(
              2, 1, 1, "planner", "no-embeddings", 1, 0, server.baseUrl(), true, false);
      new Simulation(
              config,
              lc4j,
              lc4j.wrap(
                  OllamaChatModel.builder()
                      .baseUrl(server.baseUrl())
                      .modelName("planner")
                      .maxRetries(0)
                      .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                      .httpClientBuilder(lc4j.httpClientBuilder())
                      .build()),
              lc4j.wrap(
                  OllamaStreamingChatModel.builder()
                      .baseUrl(server.baseUrl())
                      .modelName("planner")
                      .httpClientBuilder(lc4j.httpClientBuilder())
                      .build()),
              lc4j.wrap(
                  OllamaEmbeddingModel.builder()
                      .baseUrl(server.baseUrl())
                      .modelName("no-embeddings")
                      .maxRetries(0)
                      .httpClientBuilder(lc4j.httpClientBuilder())
                      .build()))
          .run(round -> {});
    }

    List<SpanData> spans = otel.getSpans();
    List<SpanData> recalls =
        spans.stream().filter(s -> s.getName().equals("execute_tool recall_memory")).toList();
    assertThat(recalls).hasSize(2);
    for (SpanData recall : recalls) {
      SpanData planner = byId(spans, recall.getParentSpanId());
      SpanData embedding =
          spans.stream()
              .filter(s -> s.getParentSpanId().equals(recall.getSpanId()))
              .filter(s -> s.getName().equals("embeddings no-embeddings"))
              .findFirst()
              .orElseThrow();
      assertThat(embedding).hasStatus(StatusData.error());
      assertThat(recall)
          .hasStatus(StatusData.error())
          .hasAttributesSatisfying(
              equalTo(
                  ErrorAttributes.ERROR_TYPE,
                  embedding.getAttributes().get(ErrorAttributes.ERROR_TYPE)),
              equalTo(AttributeKey.stringKey("gen_ai.tool.type"), "function"),
              equalTo(
                  AttributeKey.stringKey("gen_ai.tool.description"),
                  "Recall the memory closest to a topic"));
      // The model was told the tool failed and planned on: the planner succeeded.
      assertThat(planner)
          .hasName("invoke_agent Planner.plan")
          .hasStatus(StatusData.unset())
          .hasAttributesSatisfying(
              equalTo(AttributeKey.longKey("otel_llm.turn.tool_errors"), 1L),
              // two chats and the tool's failed embedding
              equalTo(AttributeKey.longKey("otel_llm.turn.llm_calls"), 3L),
              equalTo(AttributeKey.longKey("otel_llm.turn.llm_errors"), 1L));
      SpanData turn = byId(spans, planner.getParentSpanId());
      assertThat(turn.getAttributes().get(OPERATION)).isEqualTo("invoke_agent");
      assertThat(turn.getParentSpanContext().isValid()).isFalse();
      assertThat(turn)
          .hasAttributesSatisfying(equalTo(AttributeKey.longKey("otel_llm.turn.tool_errors"), 1L));
    }
  }

  static SpanData byId(List<SpanData> spans, String spanId) {
    return spans.stream().filter(s -> s.getSpanId().equals(spanId)).findFirst().orElseThrow();
  }
}
