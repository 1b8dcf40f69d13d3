package io.otelllm.core.internal;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;

/**
 * GenAI semantic-convention (v1.41) keys that the instrumentation API's incubator extractor does
 * not cover. Defined here because the official constants live in an alpha artifact that must stay
 * out of runtime dependencies. Tests check every name against those constants.
 */
public final class GenAiKeys {
  public static final AttributeKey<String> OPERATION_NAME = stringKey("gen_ai.operation.name");
  public static final AttributeKey<String> PROVIDER_NAME = stringKey("gen_ai.provider.name");
  public static final AttributeKey<String> REQUEST_MODEL = stringKey("gen_ai.request.model");
  public static final AttributeKey<String> RESPONSE_MODEL = stringKey("gen_ai.response.model");
  public static final AttributeKey<Long> REQUEST_CHOICE_COUNT =
      longKey("gen_ai.request.choice.count");
  public static final AttributeKey<Boolean> REQUEST_STREAM = booleanKey("gen_ai.request.stream");
  public static final AttributeKey<String> OUTPUT_TYPE = stringKey("gen_ai.output.type");
  public static final AttributeKey<String> CONVERSATION_ID = stringKey("gen_ai.conversation.id");
  public static final AttributeKey<Long> USAGE_INPUT_TOKENS = longKey("gen_ai.usage.input_tokens");
  public static final AttributeKey<Long> USAGE_OUTPUT_TOKENS =
      longKey("gen_ai.usage.output_tokens");
  public static final AttributeKey<Long> USAGE_CACHE_READ_INPUT_TOKENS =
      longKey("gen_ai.usage.cache_read.input_tokens");
  public static final AttributeKey<Long> USAGE_CACHE_CREATION_INPUT_TOKENS =
      longKey("gen_ai.usage.cache_creation.input_tokens");
  public static final AttributeKey<Long> USAGE_REASONING_OUTPUT_TOKENS =
      longKey("gen_ai.usage.reasoning.output_tokens");
  public static final AttributeKey<Double> RESPONSE_TIME_TO_FIRST_CHUNK =
      doubleKey("gen_ai.response.time_to_first_chunk");
  public static final AttributeKey<Long> EMBEDDINGS_DIMENSION_COUNT =
      longKey("gen_ai.embeddings.dimension.count");
  public static final AttributeKey<String> SYSTEM_INSTRUCTIONS =
      stringKey("gen_ai.system_instructions");
  public static final AttributeKey<String> INPUT_MESSAGES = stringKey("gen_ai.input.messages");
  public static final AttributeKey<String> OUTPUT_MESSAGES = stringKey("gen_ai.output.messages");
  public static final AttributeKey<String> TOKEN_TYPE = stringKey("gen_ai.token.type");

  public static final AttributeKey<String> AGENT_NAME = stringKey("gen_ai.agent.name");
  public static final AttributeKey<String> AGENT_ID = stringKey("gen_ai.agent.id");
  public static final AttributeKey<String> AGENT_DESCRIPTION =
      stringKey("gen_ai.agent.description");

  public static final AttributeKey<String> TOOL_NAME = stringKey("gen_ai.tool.name");
  public static final AttributeKey<String> TOOL_CALL_ID = stringKey("gen_ai.tool.call.id");
  public static final AttributeKey<String> TOOL_TYPE = stringKey("gen_ai.tool.type");
  public static final AttributeKey<String> TOOL_DESCRIPTION = stringKey("gen_ai.tool.description");
  public static final AttributeKey<String> TOOL_CALL_ARGUMENTS =
      stringKey("gen_ai.tool.call.arguments");
  public static final AttributeKey<String> TOOL_CALL_RESULT = stringKey("gen_ai.tool.call.result");

  public static final AttributeKey<String> SERVER_ADDRESS = stringKey("server.address");
  public static final AttributeKey<Long> SERVER_PORT = longKey("server.port");
  public static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");
  public static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE =
      longKey("http.response.status_code");

  private GenAiKeys() {}
}
