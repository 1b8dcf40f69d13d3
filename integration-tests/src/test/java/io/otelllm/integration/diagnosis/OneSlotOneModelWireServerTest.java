package io.otelllm.integration.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.otelllm.calllog.internal.WhereTimeGoes;
import io.otelllm.langchain4j.LangChain4jTelemetry;
import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.OllamaWireServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link OneSlotOneModelOllamaTest}'s workload against the Ollama stand-in set up to queue and swap
 * the way that real server does ({@code OLLAMA_NUM_PARALLEL=1}: one request per model at a time;
 * {@code OLLAMA_MAX_LOADED_MODELS=1}: a request for the other model waits until the loaded one is
 * idle, then evicts it): here the server's own counts are exact — every load it performed and every
 * nanosecond a request waited for a slot — so the diagnosis must match them exactly, not within the
 * real server's tolerance.
 */
class OneSlotOneModelWireServerTest {

  @Test
  void threeAgentsQueueAndSwapExactlyAsTheServerCounts() throws Exception {
    try (OllamaWireServer server =
        OllamaWireServer.start(
            ModelScript.builder("tiny-chat")
                .reply("the baker bakes bread for the whole village at dawn")
                .coldLoad(Duration.ofMillis(250))
                .firstTokenDelay(Duration.ofMillis(20))
                .chunkDelay(Duration.ofMillis(15))
                .build(),
            ModelScript.builder("tiny-embed")
                .embeddingDimensions(64)
                .coldLoad(Duration.ofMillis(250))
                .build())) {
      server.setMaxLoadedModels(1);
      InMemorySpanExporter spans = InMemorySpanExporter.create();
      try (OpenTelemetrySdk sdk =
          OpenTelemetrySdk.builder()
              .setTracerProvider(
                  SdkTracerProvider.builder()
                      .addSpanProcessor(SimpleSpanProcessor.create(spans))
                      .build())
              .build()) {
        LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(sdk);
        ChatModel chat =
            lc4j.wrap(
                OllamaChatModel.builder()
                    .baseUrl(server.baseUrl())
                    .modelName("tiny-chat")
                    .maxRetries(0)
                    .httpClientBuilder(lc4j.httpClientBuilder())
                    .build());
        EmbeddingModel embed =
            lc4j.wrap(
                OllamaEmbeddingModel.builder()
                    .baseUrl(server.baseUrl())
                    .modelName("tiny-embed")
                    .maxRetries(0)
                    .httpClientBuilder(lc4j.httpClientBuilder())
                    .build());
        List<SpanData> finished =
            OneSlotOneModelOllamaTest.threeAgentsAlternating(chat, embed, spans);
        WhereTimeGoes time = OneSlotOneModelOllamaTest.diagnose(finished);

        // Alternating models on a one-model server: far more loads than the two models.
        long loads = server.modelLoads();
        assertThat(loads).isGreaterThanOrEqualTo(6);
        WhereTimeGoes.Finding swap = OneSlotOneModelOllamaTest.finding(time, "model_swap");
        assertThat(((Number) swap.evidence().get("loads")).longValue())
            .as("loads found against %d the server performed", loads)
            .isEqualTo(loads);
        assertThat(swap.evidence().get("models")).isEqualTo(List.of("tiny-chat", "tiny-embed"));

        // The waiting for the chat model's one slot, as the server timed it: the finding's
        // seconds, within the few milliseconds a call spends outside the server's own timings
        // (its total_duration starts once the request has been read).
        double queued = server.queued().toNanos() / 1e9;
        assertThat(queued).isGreaterThan(0.2);
        WhereTimeGoes.Finding queue = OneSlotOneModelOllamaTest.finding(time, "server_queue");
        assertThat(queue.seconds()).isCloseTo(queued, offset(12 * 0.005));
        assertThat((Integer) queue.evidence().get("peak_concurrency")).isEqualTo(3);
        System.out.printf(
            "stand-in, one slot, one model: %d loads performed, %s found; %.3f s queued by the"
                + " server, %.3f s found%n",
            loads, swap.evidence().get("loads"), queued, queue.seconds());
      }
    }
  }
}
