package io.otelllm.javaagent.internal.bridge;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.langchain4j.LangChain4jTelemetry;

/**
 * The extension's one otel-llm, on the agent's {@code OpenTelemetry}: made on first use in each
 * class loader the helpers are injected into. Content capture follows {@code
 * otel.instrumentation.genai.capture-message-content} (system property) or {@code
 * OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT}, as in the library.
 *
 * <p>A helper class: injected into the application's class loaders, with everything of otel-llm it
 * uses (relocated in the extension jar, so never the application's own copy).
 */
public final class OtelLlmAgent {

  private OtelLlmAgent() {}

  private static final class Holder {
    static final LangChain4jTelemetry LC4J = LangChain4jTelemetry.create(GlobalOpenTelemetry.get());
  }

  /** The adapter every hook reports through. */
  public static LangChain4jTelemetry lc4j() {
    return Holder.LC4J;
  }

  /** The core telemetry every hook reports through. */
  public static LlmTelemetry telemetry() {
    return Holder.LC4J.telemetry();
  }
}
