package io.otelllm.core;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.otelllm.core.internal.AgentTurnState;
import io.otelllm.core.internal.RecordingLlmCall;
import io.otelllm.core.internal.ToolExecutionState;

/**
 * The entry point of otel-llm: turns LLM calls, agent turns and tool executions into OpenTelemetry
 * spans and GenAI metrics. Built once per application from an {@link OpenTelemetry} and shared by
 * every adapter; thread-safe.
 *
 * <pre>{@code
 * LlmTelemetry telemetry = LlmTelemetry.builder(openTelemetry).setCaptureMessageContent(true).build();
 * LlmCall call = telemetry.startCall(LlmRequest.builder("chat", "ollama").setRequestModel("llama3.2").build());
 * try (Scope s = call.makeCurrent()) {
 *   ... call the model ...
 *   call.end(LlmResponse.builder().setInputTokens(26L).setOutputTokens(298L).build());
 * } catch (RuntimeException e) {
 *   call.fail(e);
 *   throw e;
 * }
 * }</pre>
 *
 * <p>An application under the OpenTelemetry Java agent passes {@code GlobalOpenTelemetry.get()};
 * otel-llm never reads the global itself, so nothing is fixed before the application decides.
 */
public final class LlmTelemetry {

  /** The instrumentation scope name of every span and metric otel-llm emits. */
  public static final String INSTRUMENTATION_NAME = "io.otelllm";

  private final Instrumenter<RecordingLlmCall, LlmResponse> llmInstrumenter;
  private final Instrumenter<AgentTurnState, Void> agentInstrumenter;
  private final Instrumenter<ToolExecutionState, String> toolInstrumenter;
  private final RecordingLlmCall.Settings settings;
  private final boolean captureMessageContent;

  LlmTelemetry(
      Instrumenter<RecordingLlmCall, LlmResponse> llmInstrumenter,
      Instrumenter<AgentTurnState, Void> agentInstrumenter,
      Instrumenter<ToolExecutionState, String> toolInstrumenter,
      RecordingLlmCall.Settings settings,
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

  /** Configures telemetry on {@code openTelemetry}. */
  public static LlmTelemetryBuilder builder(OpenTelemetry openTelemetry) {
    return new LlmTelemetryBuilder(openTelemetry);
  }

  /** Starts an LLM call as a child of the current context. Never throws. */
  public LlmCall startCall(LlmRequest request) {
    return startCall(Context.current(), request);
  }

  /**
   * Starts an LLM call as a child of {@code parent} (e.g. captured on another thread). Never
   * throws.
   *
   * <p>A call started while another is in flight in {@code parent} is the same LLM call seen twice
   * — a model that delegates to another model, a wrapped model inside another wrapper, two
   * instrumented entry points of one model — and records nothing of its own: the returned call
   * keeps the outer one current, so what a transport adds lands on the outer span.
   */
  public LlmCall startCall(Context parent, LlmRequest request) {
    if (parent.get(LlmCallContextKey.KEY) instanceof RecordingLlmCall enclosing
        && enclosing.inFlight()) {
      return new NoopLlmCall(parent);
    }
    RecordingLlmCall call =
        RecordingLlmCall.start(
            llmInstrumenter, settings, parent, request, CallLabel.fromContext(parent));
    return call == null ? new NoopLlmCall(parent) : call;
  }

  /** Configures an agent turn of {@code agentName}; {@code start()} it in a try-with-resources. */
  public AgentTurn.Builder agentTurn(String agentName) {
    return new AgentTurn.Builder(agentInstrumenter, agentName);
  }

  /**
   * Configures the execution of tool {@code toolName}; {@code start()} it, or {@code run}/{@code
   * call} work in it.
   */
  public ToolExecution.Builder toolExecution(String toolName) {
    return new ToolExecution.Builder(toolInstrumenter, toolName);
  }

  /**
   * Whether prompts and completions are recorded. Adapters check it before converting messages, so
   * with capture off no content is ever copied.
   */
  public boolean capturesMessageContent() {
    return captureMessageContent;
  }
}
