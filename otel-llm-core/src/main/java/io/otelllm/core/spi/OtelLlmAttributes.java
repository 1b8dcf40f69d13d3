package io.otelllm.core.spi;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * Every attribute and event name otel-llm emits, in one place: the OpenTelemetry semantic
 * conventions it follows (GenAI v1.41, whose constants live in an alpha artifact that published
 * libraries must not depend on; {@code server.*}, {@code error.type}, {@code
 * http.response.status_code}), and its own, in the {@code otel_llm.} namespace. Durations are in
 * seconds.
 */
public final class OtelLlmAttributes {

  // --- GenAI semantic conventions (v1.41) ---

  /** {@code gen_ai.operation.name}: see {@link GenAiOperationName}. */
  public static final AttributeKey<String> GEN_AI_OPERATION_NAME =
      stringKey("gen_ai.operation.name");

  /** {@code gen_ai.provider.name}: {@code ollama}, {@code openai}, … */
  public static final AttributeKey<String> GEN_AI_PROVIDER_NAME = stringKey("gen_ai.provider.name");

  /** {@code gen_ai.request.model}. */
  public static final AttributeKey<String> GEN_AI_REQUEST_MODEL = stringKey("gen_ai.request.model");

  /** {@code gen_ai.response.model}. */
  public static final AttributeKey<String> GEN_AI_RESPONSE_MODEL =
      stringKey("gen_ai.response.model");

  /** {@code gen_ai.request.choice.count}, when not 1. */
  public static final AttributeKey<Long> GEN_AI_REQUEST_CHOICE_COUNT =
      longKey("gen_ai.request.choice.count");

  /** {@code gen_ai.request.stream}, on streamed calls. */
  public static final AttributeKey<Boolean> GEN_AI_REQUEST_STREAM =
      booleanKey("gen_ai.request.stream");

  /** {@code gen_ai.output.type}, when a format was requested. */
  public static final AttributeKey<String> GEN_AI_OUTPUT_TYPE = stringKey("gen_ai.output.type");

  /** {@code gen_ai.conversation.id}, when the application has one. */
  public static final AttributeKey<String> GEN_AI_CONVERSATION_ID =
      stringKey("gen_ai.conversation.id");

  /** {@code gen_ai.usage.input_tokens}. */
  public static final AttributeKey<Long> GEN_AI_USAGE_INPUT_TOKENS =
      longKey("gen_ai.usage.input_tokens");

  /** {@code gen_ai.usage.output_tokens}. */
  public static final AttributeKey<Long> GEN_AI_USAGE_OUTPUT_TOKENS =
      longKey("gen_ai.usage.output_tokens");

  /** {@code gen_ai.usage.cache_read.input_tokens}. */
  public static final AttributeKey<Long> GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS =
      longKey("gen_ai.usage.cache_read.input_tokens");

  /** {@code gen_ai.usage.cache_creation.input_tokens}. */
  public static final AttributeKey<Long> GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS =
      longKey("gen_ai.usage.cache_creation.input_tokens");

  /** {@code gen_ai.usage.reasoning.output_tokens}. */
  public static final AttributeKey<Long> GEN_AI_USAGE_REASONING_OUTPUT_TOKENS =
      longKey("gen_ai.usage.reasoning.output_tokens");

  /** {@code gen_ai.response.time_to_first_chunk}, seconds, on streamed calls. */
  public static final AttributeKey<Double> GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK =
      doubleKey("gen_ai.response.time_to_first_chunk");

  /** {@code gen_ai.embeddings.dimension.count}. */
  public static final AttributeKey<Long> GEN_AI_EMBEDDINGS_DIMENSION_COUNT =
      longKey("gen_ai.embeddings.dimension.count");

  /** {@code gen_ai.system_instructions}: JSON, content capture only. */
  public static final AttributeKey<String> GEN_AI_SYSTEM_INSTRUCTIONS =
      stringKey("gen_ai.system_instructions");

  /** {@code gen_ai.input.messages}: JSON, content capture only. */
  public static final AttributeKey<String> GEN_AI_INPUT_MESSAGES =
      stringKey("gen_ai.input.messages");

  /** {@code gen_ai.output.messages}: JSON, content capture only. */
  public static final AttributeKey<String> GEN_AI_OUTPUT_MESSAGES =
      stringKey("gen_ai.output.messages");

  /** {@code gen_ai.token.type}: {@code input} or {@code output}, on the token-usage metric. */
  public static final AttributeKey<String> GEN_AI_TOKEN_TYPE = stringKey("gen_ai.token.type");

  /** {@code gen_ai.agent.name}. */
  public static final AttributeKey<String> GEN_AI_AGENT_NAME = stringKey("gen_ai.agent.name");

  /** {@code gen_ai.agent.id}. */
  public static final AttributeKey<String> GEN_AI_AGENT_ID = stringKey("gen_ai.agent.id");

  /** {@code gen_ai.agent.description}. */
  public static final AttributeKey<String> GEN_AI_AGENT_DESCRIPTION =
      stringKey("gen_ai.agent.description");

  /** {@code gen_ai.tool.name}. */
  public static final AttributeKey<String> GEN_AI_TOOL_NAME = stringKey("gen_ai.tool.name");

  /** {@code gen_ai.tool.call.id}. */
  public static final AttributeKey<String> GEN_AI_TOOL_CALL_ID = stringKey("gen_ai.tool.call.id");

  /** {@code gen_ai.tool.type}: {@code function}, {@code extension}, {@code datastore}. */
  public static final AttributeKey<String> GEN_AI_TOOL_TYPE = stringKey("gen_ai.tool.type");

  /** {@code gen_ai.tool.description}. */
  public static final AttributeKey<String> GEN_AI_TOOL_DESCRIPTION =
      stringKey("gen_ai.tool.description");

  /** {@code gen_ai.tool.call.arguments}: content capture only. */
  public static final AttributeKey<String> GEN_AI_TOOL_CALL_ARGUMENTS =
      stringKey("gen_ai.tool.call.arguments");

  /** {@code gen_ai.tool.call.result}: content capture only. */
  public static final AttributeKey<String> GEN_AI_TOOL_CALL_RESULT =
      stringKey("gen_ai.tool.call.result");

  /** {@code server.address}. */
  public static final AttributeKey<String> SERVER_ADDRESS = stringKey("server.address");

  /** {@code server.port}. */
  public static final AttributeKey<Long> SERVER_PORT = longKey("server.port");

  /** {@code error.type}: the exception's class name, never its message. */
  public static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");

  /** {@code http.response.status_code}, of a failure the transport saw. */
  public static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE =
      longKey("http.response.status_code");

  /**
   * {@code code.function.name}: the fully-qualified method an agent turn runs (an AI-service
   * method, {@code com.example.Assistant.chat}).
   */
  public static final AttributeKey<String> CODE_FUNCTION_NAME = stringKey("code.function.name");

  // --- otel-llm's own ---

  /** The caller's label ({@link io.otelllm.core.CallLabel}): on LLM spans and every metric. */
  public static final AttributeKey<String> LABEL = stringKey("otel_llm.label");

  /**
   * The agent whose turn made the call ({@code gen_ai.agent.name} of the enclosing turn), on LLM
   * spans.
   */
  public static final AttributeKey<String> AGENT_NAME = stringKey("otel_llm.agent.name");

  /**
   * The agent at the root of the turn that made the call, on LLM spans made by an agent nested in
   * it (a {@code Planner.plan} AI service called from a villager's turn): whose turn the call's
   * time and tokens belong to. Absent when the innermost agent is the root.
   */
  public static final AttributeKey<String> ROOT_AGENT_NAME = stringKey("otel_llm.root_agent.name");

  /** Number of streamed chunks received. */
  public static final AttributeKey<Long> RESPONSE_CHUNK_COUNT =
      longKey("otel_llm.response.chunk_count");

  /**
   * Number of streamed events of a kind the adapter does not know (passed on to the application
   * untouched), when there were any: a client library newer than the adapter.
   */
  public static final AttributeKey<Long> RESPONSE_UNKNOWN_EVENT_COUNT =
      longKey("otel_llm.response.unknown_event_count");

  /** Mean time between streamed chunks after the first, seconds (two chunks or more). */
  public static final AttributeKey<Double> RESPONSE_TIME_PER_OUTPUT_CHUNK =
      doubleKey("otel_llm.response.time_per_output_chunk");

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

  /**
   * Time the request waited inside the server for a slot of the loaded model, seconds: the server's
   * total less load, prompt evaluation and generation (see {@link ServerTimings#queueNanos()}).
   */
  public static final AttributeKey<Double> SERVER_QUEUE_DURATION =
      doubleKey("otel_llm.server.queue_duration");

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

  /** Number of tool executions that ended inside an agent turn, on {@code invoke_agent} spans. */
  public static final AttributeKey<Long> TURN_TOOL_CALLS = longKey("otel_llm.turn.tool_calls");

  /** Number of those tool executions that failed, on {@code invoke_agent} spans. */
  public static final AttributeKey<Long> TURN_TOOL_ERRORS = longKey("otel_llm.turn.tool_errors");

  /** Summed duration of the turn's tool executions (they may overlap), seconds. */
  public static final AttributeKey<Double> TURN_TOOL_DURATION =
      doubleKey("otel_llm.turn.tool_duration");

  /** The guardrail's name, on {@link #GUARDRAIL_EVENT}. */
  public static final AttributeKey<String> GUARDRAIL_NAME = stringKey("otel_llm.guardrail.name");

  /** {@code input} or {@code output}, on {@link #GUARDRAIL_EVENT}. */
  public static final AttributeKey<String> GUARDRAIL_KIND = stringKey("otel_llm.guardrail.kind");

  /**
   * The guardrail's verdict, lower case ({@code success}, {@code success_with_result}, {@code
   * failure}, {@code fatal}), on {@link #GUARDRAIL_EVENT}.
   */
  public static final AttributeKey<String> GUARDRAIL_RESULT =
      stringKey("otel_llm.guardrail.result");

  /** How long the guardrail ran, seconds, on {@link #GUARDRAIL_EVENT}. */
  public static final AttributeKey<Double> GUARDRAIL_DURATION =
      doubleKey("otel_llm.guardrail.duration");

  /** Span event on an {@code invoke_agent} span: a guardrail checked the input or the output. */
  public static final String GUARDRAIL_EVENT = "otel_llm.guardrail";

  /** Span event: the first streamed chunk arrived (stamped with its arrival time). */
  public static final String FIRST_TOKEN_EVENT = "otel_llm.first_token";

  /** Span event: the server had to load the model (a cold start). */
  public static final String MODEL_LOAD_EVENT = "otel_llm.model_load";

  private OtelLlmAttributes() {}
}
