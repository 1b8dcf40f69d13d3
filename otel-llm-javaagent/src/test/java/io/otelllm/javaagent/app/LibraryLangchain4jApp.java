package io.otelllm.javaagent.app;

import com.example.village.PlainLangchain4jApp;
import dev.langchain4j.service.AiServices;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.otelllm.langchain4j.LangChain4jTelemetry;

/**
 * The same program, with otel-llm's library wrapped around its models (as an application that
 * adopted the library before the agent would): under the agent with the extension, still one span
 * per call.
 */
public final class LibraryLangchain4jApp {

  private LibraryLangchain4jApp() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(GlobalOpenTelemetry.get());
    PlainLangchain4jApp.run(
        args,
        lc4j.wrap(PlainLangchain4jApp.chatModel(baseUrl, args[1]).build()),
        lc4j.wrap(PlainLangchain4jApp.streamingModel(baseUrl, args[1]).build()),
        lc4j.wrap(
            PlainLangchain4jApp.embeddingModel(baseUrl, args[2])
                .httpClientBuilder(lc4j.httpClientBuilder())
                .build()),
        AiServices::builder);
  }
}
