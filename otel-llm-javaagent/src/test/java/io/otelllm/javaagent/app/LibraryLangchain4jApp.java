package io.otelllm.javaagent.app;

import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.langchain4j.LangChain4jTelemetry;
import java.time.Duration;

/**
 * The same program, with otel-llm's library wrapped around its models (as an application that
 * adopted the library before the agent would): under the agent with the extension, still one span
 * per call.
 */
public final class LibraryLangchain4jApp {

  private LibraryLangchain4jApp() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    LangChain4jTelemetry lc4j =
        LangChain4jTelemetry.create(LlmTelemetry.create(GlobalOpenTelemetry.get()));
    PlainLangchain4jApp.run(
        args,
        lc4j.wrap(PlainLangchain4jApp.chatModel(baseUrl, args[1])),
        lc4j.wrap(PlainLangchain4jApp.streamingModel(baseUrl, args[1])),
        lc4j.wrap(
            OllamaEmbeddingModel.builder()
                .baseUrl(baseUrl)
                .modelName(args[2])
                .maxRetries(0)
                .timeout(Duration.ofMinutes(1))
                .httpClientBuilder(lc4j.httpClientBuilder())
                .build()));
  }
}
