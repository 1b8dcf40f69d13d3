package io.otelllm.core;

import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The attribute and event names otel-llm adds beyond the GenAI semantic conventions. All live in
 * the {@code otel_llm.} namespace; durations are in seconds.
 */
public final class OtelLlmAttributes {

  /** The caller's label ({@link CallLabel}): on LLM spans and every metric. */
  public static final AttributeKey<String> LABEL = stringKey("otel_llm.label");

  /** The agent whose turn made the call ({@code gen_ai.agent.name} of the enclosing turn), on LLM spans. */
  public static final AttributeKey<String> AGENT_NAME = stringKey("otel_llm.agent.name");

  /** Number of streamed chunks received. */
  public static final AttributeKey<Long> RESPONSE_CHUNK_COUNT =
      longKey("otel_llm.response.chunk_count");

  /** Names of the tools offered to the model. */
  public static final AttributeKey<List<String>> REQUEST_TOOL_NAMES =
      stringArrayKey("otel_llm.request.tool_names");

  /** Server-reported model load time (Ollama {@code load_duration}), seconds. */
  public static final AttributeKey<Double> SERVER_LOAD_DURATION =
      doubleKey("otel_llm.server.load_duration");

  /** Server-reported prompt processing time (Ollama {@code prompt_eval_duration}), seconds. */
  public static final AttributeKey<Double> SERVER_PROMPT_EVAL_DURATION =
      doubleKey("otel_llm.server.prompt_eval_duration");

  /** Server-reported generation time (Ollama {@code eval_duration}), seconds. */
  public static final AttributeKey<Double> SERVER_EVAL_DURATION =
      doubleKey("otel_llm.server.eval_duration");

  /** Server-reported total handling time (Ollama {@code total_duration}), seconds. */
  public static final AttributeKey<Double> SERVER_TOTAL_DURATION =
      doubleKey("otel_llm.server.total_duration");

  /** Server-reported generation rate: output tokens per second of generation. */
  public static final AttributeKey<Double> SERVER_OUTPUT_TOKENS_PER_SECOND =
      doubleKey("otel_llm.server.output_tokens_per_second");

  /** CPU time the calling thread spent during a synchronous call (opt-in), seconds. */
  public static final AttributeKey<Double> THREAD_CPU_TIME = doubleKey("otel_llm.thread.cpu_time");

  /** Bytes the calling thread allocated during a synchronous call (opt-in). */
  public static final AttributeKey<Long> THREAD_ALLOCATED_BYTES =
      longKey("otel_llm.thread.allocated_bytes");

  /** The application's turn number, on {@code invoke_agent} spans. */
  public static final AttributeKey<Long> TURN_NUMBER = longKey("otel_llm.turn.number");

  /** Number of LLM calls that ended inside an agent turn, on {@code invoke_agent} spans. */
  public static final AttributeKey<Long> TURN_LLM_CALLS = longKey("otel_llm.turn.llm_calls");

  /** Number of those LLM calls that failed, on {@code invoke_agent} spans. */
  public static final AttributeKey<Long> TURN_LLM_ERRORS = longKey("otel_llm.turn.llm_errors");

  /** Summed duration of the turn's LLM calls (they may overlap), seconds. */
  public static final AttributeKey<Double> TURN_LLM_DURATION =
      doubleKey("otel_llm.turn.llm_duration");

  /** Span event: the first streamed chunk arrived (stamped with its arrival time). */
  public static final String FIRST_TOKEN_EVENT = "otel_llm.first_token";

  /** Span event: the server had to load the model (a cold start). */
  public static final String MODEL_LOAD_EVENT = "otel_llm.model_load";

  private OtelLlmAttributes() {}
}
