package io.otelllm.langchain4j.heap;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.otelllm.core.spi.OtelLlmAttributes;
import io.otelllm.langchain4j.LangChain4jTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One large embedding batch, as an application in a small heap would make it: arguments are the
 * server's base URL, the number of texts, and {@code traced} or {@code untraced}. Prints {@code
 * vectors: N} and {@code dimensions: D}, or lets the failure end the program, as an application's
 * would.
 */
public final class SmallHeapEmbedding {
  public static void main(String[] args) {
    String baseUrl = args[0];
    int texts = Integer.parseInt(args[1]);
    boolean traced = args[2].equals("traced");
    OllamaEmbeddingModel.OllamaEmbeddingModelBuilder builder =
        OllamaEmbeddingModel.builder()
            .baseUrl(baseUrl)
            .modelName("big")
            .timeout(Duration.ofSeconds(90))
            .maxRetries(0);
    EmbeddingModel model;
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    if (traced) {
      OpenTelemetrySdk sdk =
          OpenTelemetrySdk.builder()
              .setTracerProvider(
                  SdkTracerProvider.builder()
                      .addSpanProcessor(SimpleSpanProcessor.create(spans))
                      .build())
              .build();
      LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(sdk);
      model = lc4j.wrap(builder.httpClientBuilder(lc4j.httpClientBuilder()).build());
    } else {
      model = builder.build();
    }
    List<TextSegment> batch = new ArrayList<>();
    for (int i = 0; i < texts; i++) {
      batch.add(TextSegment.from("memory " + i));
    }
    List<Embedding> vectors = model.embedAll(batch).content();
    System.out.println("vectors: " + vectors.size());
    System.out.println("dimensions: " + vectors.get(0).dimension());
    if (traced) {
      SpanData span = spans.getFinishedSpanItems().get(0);
      System.out.println("span: " + span.getName());
      System.out.println(
          "server total seconds: "
              + span.getAttributes().get(OtelLlmAttributes.SERVER_TOTAL_DURATION));
    }
  }

  private SmallHeapEmbedding() {}
}
