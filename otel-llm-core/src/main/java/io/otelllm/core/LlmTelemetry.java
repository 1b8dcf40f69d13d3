package io.otelllm.core;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.otelllm.core.internal.AgentTurnState;
import io.otelllm.core.internal.LlmCallContextKey;
import io.otelllm.core.internal.NoopLlmCall;
import io.otelllm.core.internal.RecordingLlmCall;
import io.otelllm.core.internal.ToolExecutionState;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.core.spi.LlmResponse;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of otel-llm's core: turns LLM calls, agent turns and tool executions into
 * OpenTelemetry spans and GenAI metrics. Built once per application from an {@link OpenTelemetry}
 * and shared by every adapter; thread-safe. langchain4j users get one through {@code
 * LangChain4jTelemetry} and never build it themselves.
 *
 * <p>Agent turns and tool executions share one shape with LLM calls: a builder from this class,
 * {@code start()}, {@code makeCurrent()} around the work, then {@code end(..)} or {@code fail(e)} —
 * or, simplest, {@code run}/{@code call}, which do all of that around a lambda:
 *
 * <pre>{@code
 * String line = telemetry.agentTurn("Ada").setTurnNumber(7).call(() -> {
 *   String memory = telemetry.toolExecution("recall_memory").call(() -> memories.recall(topic));
 *   return model.chat("..." + memory);   // LLM spans of wrapped models nest under the turn
 * });
 * }</pre>
 *
 * <p>An application under the OpenTelemetry Java agent passes {@code GlobalOpenTelemetry.get()};
 * otel-llm never reads the global itself, so nothing is fixed before the application decides.
 */
public final class LlmTelemetry {

  /** The instrumentation scope name of every span and metric otel-llm emits. */
  public static final String INSTRUMENTATION_NAME = "io.otelllm";

  // All null when otel-llm stepped aside (the OpenTelemetry jars do not line up): nothing records.
  private final @Nullable Instrumenter<RecordingLlmCall, LlmResponse> llmInstrumenter;
  private final @Nullable Instrumenter<AgentTurnState, Void> agentInstrumenter;
  private final @Nullable Instrumenter<ToolExecutionState, String> toolInstrumenter;
  private final RecordingLlmCall.Settings settings;
  private final boolean captureMessageContent;

  LlmTelemetry(
      @Nullable Instrumenter<RecordingLlmCall, LlmResponse> llmInstrumenter,
      @Nullable Instrumenter<AgentTurnState, Void> agentInstrumenter,
      @Nullable Instrumenter<ToolExecutionState, String> toolInstrumenter,
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

  /** Configures an agent turn of {@code agentName}: {@code run}/{@code call} work in it. */
  public AgentTurn.Builder agentTurn(String agentName) {
    return new AgentTurn.Builder(agentInstrumenter, settings.ceiling(), agentName);
  }

  /** Configures the execution of tool {@code toolName}: {@code run}/{@code call} work in it. */
  public ToolExecution.Builder toolExecution(String toolName) {
    return new ToolExecution.Builder(toolInstrumenter, settings.ceiling(), toolName);
  }

  /**
   * Configures the LLM call of {@code request}, for adapters of client libraries (see {@link
   * LlmCall}); {@code start()} it.
   */
  public LlmCall.Builder llmCall(LlmRequest request) {
    return new CallBuilder(this, request);
  }

  /**
   * Whether prompts and completions are recorded. Adapters check it before converting messages, so
   * with capture off no content is ever copied.
   */
  public boolean capturesMessageContent() {
    return captureMessageContent;
  }

  /** Work that may throw {@code E}, run by {@code run(..)} inside a span. */
  @FunctionalInterface
  public interface ThrowingRunnable<E extends Throwable> {
    /** Does the work. */
    void run() throws E;
  }

  /** Work that returns a value and may throw {@code E}, run by {@code call(..)} inside a span. */
  @FunctionalInterface
  public interface ThrowingSupplier<T extends @Nullable Object, E extends Throwable> {
    /** Does the work and returns its result. */
    T get() throws E;
  }

  private static final class CallBuilder implements LlmCall.Builder {
    private final LlmTelemetry telemetry;
    private final LlmRequest request;
    private @Nullable Context parent;

    CallBuilder(LlmTelemetry telemetry, LlmRequest request) {
      this.telemetry = telemetry;
      this.request = request;
    }

    @Override
    public LlmCall.Builder setParent(Context parent) {
      this.parent = parent;
      return this;
    }

    @Override
    public LlmCall start() {
      Context explicit = this.parent;
      Context parent = explicit != null ? explicit : Context.current();
      Instrumenter<RecordingLlmCall, LlmResponse> instrumenter = telemetry.llmInstrumenter;
      if (instrumenter == null) {
        return new NoopLlmCall(parent);
      }
      // One span per LLM call, however many hooks see it (see LlmCall.Builder#start()).
      if (parent.get(LlmCallContextKey.KEY) instanceof RecordingLlmCall enclosing
          && enclosing.inFlight()) {
        return new NoopLlmCall(parent);
      }
      RecordingLlmCall call =
          RecordingLlmCall.start(
              instrumenter, telemetry.settings, parent, request, CallLabel.fromContext(parent));
      return call == null ? new NoopLlmCall(parent) : call;
    }
  }
}
