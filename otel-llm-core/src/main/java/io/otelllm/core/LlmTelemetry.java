package io.otelllm.core;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.otelllm.core.internal.AgentTurnState;
import io.otelllm.core.internal.LlmCall;
import io.otelllm.core.internal.LlmCallSettings;
import io.otelllm.core.internal.ToolCallState;

/**
 * The entry point of otel-llm: turns LLM calls, agent turns and tool executions into
 * OpenTelemetry spans and GenAI metrics. Built once per application from an {@link OpenTelemetry}
 * and shared by every adapter; thread-safe.
 *
 * <pre>{@code
 * LlmTelemetry telemetry = LlmTelemetry.builder(openTelemetry).setCaptureMessageContent(true).build();
 * LlmOperation op = telemetry.begin(LlmRequest.builder("chat", "ollama").requestModel("llama3.2").build());
 * try (Scope s = op.makeCurrent()) {
 *   ... call the model ...
 *   op.end(LlmResponse.builder().inputTokens(26).outputTokens(298).build());
 * } catch (RuntimeException e) {
 *   op.fail(e);
 *   throw e;
 * }
 * }</pre>
 */
public final class LlmTelemetry {

  /** The instrumentation scope name of every span and metric otel-llm emits. */
  public static final String INSTRUMENTATION_NAME = "io.otelllm";

  private final Instrumenter<LlmCall, LlmResponse> llmInstrumenter;
  private final Instrumenter<AgentTurnState, Void> agentInstrumenter;
  private final Instrumenter<ToolCallState, String> toolInstrumenter;
  private final LlmCallSettings settings;
  private final boolean captureMessageContent;

  LlmTelemetry(
      Instrumenter<LlmCall, LlmResponse> llmInstrumenter,
      Instrumenter<AgentTurnState, Void> agentInstrumenter,
      Instrumenter<ToolCallState, String> toolInstrumenter,
      LlmCallSettings settings,
      boolean captureMessageContent) {
    this.llmInstrumenter = llmInstrumenter;
    this.agentInstrumenter = agentInstrumenter;
    this.toolInstrumenter = toolInstrumenter;
    this.settings = settings;
    this.captureMessageContent = captureMessageContent;
  }

  /** Telemetry with default settings on {@code openTelemetry}. */
  public static LlmTelemetry create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  public static LlmTelemetryBuilder builder(OpenTelemetry openTelemetry) {
    return new LlmTelemetryBuilder(openTelemetry);
  }

  /** A builder on {@link GlobalOpenTelemetry} (for example the OpenTelemetry Java agent's). */
  public static LlmTelemetryBuilder builder() {
    return new LlmTelemetryBuilder(GlobalOpenTelemetry.get());
  }

  /** Starts an LLM operation as a child of the current context. Never throws. */
  public LlmOperation begin(LlmRequest request) {
    return begin(Context.current(), request);
  }

  /** Starts an LLM operation as a child of {@code parent} (e.g. captured on another thread). */
  public LlmOperation begin(Context parent, LlmRequest request) {
    Context p = parent == null ? Context.current() : parent;
    return LlmCall.start(llmInstrumenter, settings, p, request, CallLabel.fromContext(p));
  }

  /** Configures an agent turn of {@code agentName}; {@code start()} it in a try-with-resources. */
  public AgentTurn.Builder agentTurn(String agentName) {
    return new AgentTurn.Builder(agentInstrumenter, agentName);
  }

  /** Configures a tool execution of {@code toolName}; {@code start()} it in a try-with-resources. */
  public ToolCall.Builder toolCall(String toolName) {
    return new ToolCall.Builder(toolInstrumenter, toolName);
  }

  /**
   * Whether prompts and completions are recorded. Adapters check it before converting messages,
   * so with capture off no content is ever copied.
   */
  public boolean captureMessageContent() {
    return captureMessageContent;
  }
}
