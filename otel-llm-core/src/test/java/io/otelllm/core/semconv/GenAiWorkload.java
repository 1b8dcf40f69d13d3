package io.otelllm.core.semconv;

import io.opentelemetry.context.Scope;
import io.otelllm.core.AgentTurn;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.ToolExecution;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.core.spi.LlmResponse;
import io.otelllm.core.spi.ServerTimings;
import java.io.IOException;
import java.util.List;

/**
 * One agent turn that exercises every fact the core records: a synchronous chat with every
 * parameter, usage kind and server timings; a stream of five chunks; a failed call (HTTP 500);
 * embeddings; a tool that succeeds and one that fails. What the conformance and shape tests emit.
 */
public final class GenAiWorkload {

  private GenAiWorkload() {}

  /** Runs the workload through {@code telemetry}. */
  public static void run(LlmTelemetry telemetry) throws IOException {
    AgentTurn turn =
        telemetry
            .agentTurn("Villager")
            .setAgentId("villager-7")
            .setDescription("A villager taking a turn")
            .setConversationId("conversation-7")
            .start();
    try (Scope ignored = turn.makeCurrent()) {
      LlmCall chat =
          telemetry
              .llmCall(
                  inference("chat")
                      .setTemperature(0.3)
                      .setTopP(0.9)
                      .setTopK(40.0)
                      .setMaxTokens(64L)
                      .setStopSequences(List.of("\n\n"))
                      .setFrequencyPenalty(0.1)
                      .setPresencePenalty(0.2)
                      .setSeed(7L)
                      .setChoiceCount(2L)
                      .setOutputType("json")
                      .setConversationId("conversation-7")
                      .build())
              .start();
      chat.recordServerTimings(
          ServerTimings.builder()
              .setLoadNanos(2_000_000_000L)
              .setPromptEvalNanos(40_000_000L)
              .setEvalNanos(300_000_000L)
              .setTotalNanos(2_400_000_000L)
              .setEvalCount(12L)
              .setPromptEvalCount(30L)
              .build());
      chat.end(
          LlmResponse.builder()
              .setResponseModel("llama3.2")
              .setResponseId("response-1")
              .setFinishReasons(List.of("stop"))
              .setInputTokens(30L)
              .setOutputTokens(12L)
              .setCacheReadInputTokens(5L)
              .setCacheCreationInputTokens(3L)
              .setReasoningOutputTokens(4L)
              .build());

      LlmCall stream = telemetry.llmCall(inference("chat").setStream(true).build()).start();
      for (int i = 0; i < 5; i++) {
        stream.onChunk();
      }
      stream.end(
          LlmResponse.builder().setOutputTokens(5L).setFinishReasons(List.of("stop")).build());

      LlmCall failed = telemetry.llmCall(inference("chat").build()).start();
      failed.recordHttpStatus(500);
      failed.fail(new IllegalStateException("the model server failed"));

      LlmCall embeddings =
          telemetry
              .llmCall(
                  LlmRequest.builder("embeddings", "ollama")
                      .setRequestModel("all-minilm")
                      .setServerAddress("localhost")
                      .setServerPort(11434L)
                      .build())
              .start();
      embeddings.end(
          LlmResponse.builder()
              .setResponseModel("all-minilm")
              .setInputTokens(8L)
              .setEmbeddingDimensions(384L)
              .build());

      ToolExecution tool =
          telemetry
              .toolExecution("recall_memory")
              .setCallId("call_1")
              .setType("function")
              .setDescription("Recalls a memory")
              .start();
      tool.end("bread");
      ToolExecution failing = telemetry.toolExecution("write_diary").setCallId("call_2").start();
      failing.fail(new IOException("the diary is full"));
    }
    turn.end();
  }

  static LlmRequest.Builder inference(String operation) {
    return LlmRequest.builder(operation, "ollama")
        .setRequestModel("llama3.2")
        .setServerAddress("localhost")
        .setServerPort(11434L);
  }
}
