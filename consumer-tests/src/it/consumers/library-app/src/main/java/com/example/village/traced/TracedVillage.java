package com.example.village.traced;

import com.example.village.PlainLangchain4jApp;
import io.otelllm.autoconfigure.LlmTelemetrySdk;
import io.otelllm.langchain4j.LangChain4jTelemetry;

/**
 * The plain program, traced with otel-llm as the README shows: an SDK from the {@code OTEL_*}
 * settings, one {@link LangChain4jTelemetry}, its models wrapped and its AI service built by it.
 */
public final class TracedVillage {

  private TracedVillage() {}

  /** Same arguments as {@link PlainLangchain4jApp}. */
  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    try (LlmTelemetrySdk sdk = LlmTelemetrySdk.fromEnvironment()) {
      LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(sdk.openTelemetry());
      PlainLangchain4jApp.run(
          args,
          lc4j.wrap(
              PlainLangchain4jApp.chatModel(baseUrl, args[1])
                  .httpClientBuilder(lc4j.httpClientBuilder())
                  .build()),
          lc4j.wrap(
              PlainLangchain4jApp.streamingModel(baseUrl, args[1])
                  .httpClientBuilder(lc4j.httpClientBuilder())
                  .build()),
          lc4j.wrap(
              PlainLangchain4jApp.embeddingModel(baseUrl, args[2])
                  .httpClientBuilder(lc4j.httpClientBuilder())
                  .build()),
          lc4j.aiServices()::builder);
    }
  }
}
