package io.otelllm.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import io.otelllm.core.internal.GenAiKeys;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The keys otel-llm defines itself must be exactly the official v1.41 ones (name and type). */
class SemconvNamesTest {

  @Test
  void ownKeysMatchTheOfficialConstants() {
    Map<AttributeKey<?>, AttributeKey<?>> ownToOfficial = Map.ofEntries(
        Map.entry(GenAiKeys.OPERATION_NAME, GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME),
        Map.entry(GenAiKeys.PROVIDER_NAME, GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME),
        Map.entry(GenAiKeys.REQUEST_MODEL, GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL),
        Map.entry(GenAiKeys.RESPONSE_MODEL, GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL),
        Map.entry(GenAiKeys.REQUEST_CHOICE_COUNT, GenAiIncubatingAttributes.GEN_AI_REQUEST_CHOICE_COUNT),
        Map.entry(GenAiKeys.REQUEST_STREAM, GenAiIncubatingAttributes.GEN_AI_REQUEST_STREAM),
        Map.entry(GenAiKeys.OUTPUT_TYPE, GenAiIncubatingAttributes.GEN_AI_OUTPUT_TYPE),
        Map.entry(GenAiKeys.CONVERSATION_ID, GenAiIncubatingAttributes.GEN_AI_CONVERSATION_ID),
        Map.entry(GenAiKeys.USAGE_INPUT_TOKENS, GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS),
        Map.entry(GenAiKeys.USAGE_OUTPUT_TOKENS, GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS),
        Map.entry(GenAiKeys.USAGE_CACHE_READ_INPUT_TOKENS,
            GenAiIncubatingAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS),
        Map.entry(GenAiKeys.USAGE_CACHE_CREATION_INPUT_TOKENS,
            GenAiIncubatingAttributes.GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS),
        Map.entry(GenAiKeys.USAGE_REASONING_OUTPUT_TOKENS,
            GenAiIncubatingAttributes.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS),
        Map.entry(GenAiKeys.RESPONSE_TIME_TO_FIRST_CHUNK,
            GenAiIncubatingAttributes.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK),
        Map.entry(GenAiKeys.EMBEDDINGS_DIMENSION_COUNT,
            GenAiIncubatingAttributes.GEN_AI_EMBEDDINGS_DIMENSION_COUNT),
        Map.entry(GenAiKeys.TOKEN_TYPE, GenAiIncubatingAttributes.GEN_AI_TOKEN_TYPE),
        Map.entry(GenAiKeys.AGENT_NAME, GenAiIncubatingAttributes.GEN_AI_AGENT_NAME),
        Map.entry(GenAiKeys.AGENT_ID, GenAiIncubatingAttributes.GEN_AI_AGENT_ID),
        Map.entry(GenAiKeys.AGENT_DESCRIPTION, GenAiIncubatingAttributes.GEN_AI_AGENT_DESCRIPTION),
        Map.entry(GenAiKeys.TOOL_NAME, GenAiIncubatingAttributes.GEN_AI_TOOL_NAME),
        Map.entry(GenAiKeys.TOOL_CALL_ID, GenAiIncubatingAttributes.GEN_AI_TOOL_CALL_ID),
        Map.entry(GenAiKeys.TOOL_TYPE, GenAiIncubatingAttributes.GEN_AI_TOOL_TYPE),
        Map.entry(GenAiKeys.TOOL_DESCRIPTION, GenAiIncubatingAttributes.GEN_AI_TOOL_DESCRIPTION),
        Map.entry(GenAiKeys.SERVER_ADDRESS, ServerAttributes.SERVER_ADDRESS),
        Map.entry(GenAiKeys.SERVER_PORT, ServerAttributes.SERVER_PORT),
        Map.entry(GenAiKeys.ERROR_TYPE, ErrorAttributes.ERROR_TYPE));
    ownToOfficial.forEach((own, official) -> assertThat(own).isEqualTo(official));
  }

  @Test
  void operationNamesMatchTheOfficialValues() {
    assertThat(GenAiOperation.CHAT)
        .isEqualTo(GenAiIncubatingAttributes.GenAiOperationNameIncubatingValues.CHAT);
    assertThat(GenAiOperation.EMBEDDINGS)
        .isEqualTo(GenAiIncubatingAttributes.GenAiOperationNameIncubatingValues.EMBEDDINGS);
    assertThat(GenAiOperation.EXECUTE_TOOL)
        .isEqualTo(GenAiIncubatingAttributes.GenAiOperationNameIncubatingValues.EXECUTE_TOOL);
    assertThat(GenAiOperation.INVOKE_AGENT)
        .isEqualTo(GenAiIncubatingAttributes.GenAiOperationNameIncubatingValues.INVOKE_AGENT);
    assertThat(GenAiOperation.TEXT_COMPLETION)
        .isEqualTo(GenAiIncubatingAttributes.GenAiOperationNameIncubatingValues.TEXT_COMPLETION);
  }
}
