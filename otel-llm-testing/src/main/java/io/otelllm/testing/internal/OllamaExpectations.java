package io.otelllm.testing.internal;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.satisfies;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.assertj.AttributeAssertion;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ServerAttributes;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an Ollama call's span carries, from the request that was made and the server's own final
 * JSON object: one set of expectations for every way the call was traced — the library's wrapped
 * models, and the Java agent extension in a forked JVM.
 */
public final class OllamaExpectations {

  // otel-llm's own names, spelled here independently of the code under test.
  /** {@code otel_llm.server.load_duration}. */
  public static final AttributeKey<Double> SERVER_LOAD_DURATION =
      AttributeKey.doubleKey("otel_llm.server.load_duration");

  /** {@code otel_llm.server.prompt_eval_duration}. */
  public static final AttributeKey<Double> SERVER_PROMPT_EVAL_DURATION =
      AttributeKey.doubleKey("otel_llm.server.prompt_eval_duration");

  /** {@code otel_llm.server.eval_duration}. */
  public static final AttributeKey<Double> SERVER_EVAL_DURATION =
      AttributeKey.doubleKey("otel_llm.server.eval_duration");

  /** {@code otel_llm.server.queue_duration}. */
  public static final AttributeKey<Double> SERVER_QUEUE_DURATION =
      AttributeKey.doubleKey("otel_llm.server.queue_duration");

  /** {@code otel_llm.server.total_duration}. */
  public static final AttributeKey<Double> SERVER_TOTAL_DURATION =
      AttributeKey.doubleKey("otel_llm.server.total_duration");

  /** {@code otel_llm.server.output_tokens_per_second}. */
  public static final AttributeKey<Double> SERVER_OUTPUT_TOKENS_PER_SECOND =
      AttributeKey.doubleKey("otel_llm.server.output_tokens_per_second");

  /** {@code otel_llm.response.chunk_count}. */
  public static final AttributeKey<Long> RESPONSE_CHUNK_COUNT =
      AttributeKey.longKey("otel_llm.response.chunk_count");

  private OllamaExpectations() {}

  /**
   * A chat of {@code model} at {@code baseUrl} (with the request's temperature and seed, when it
   * set them) answered by {@code answer} — the body, or a stream's final line.
   */
  public static List<AttributeAssertion> chatAnswered(
      String baseUrl,
      String model,
      @Nullable Double temperature,
      @Nullable Long seed,
      JsonNode answer) {
    List<AttributeAssertion> a =
        new ArrayList<>(
            List.of(
                equalTo(GEN_AI_OPERATION_NAME, "chat"),
                equalTo(GEN_AI_PROVIDER_NAME, "ollama"),
                equalTo(GEN_AI_REQUEST_MODEL, model),
                equalTo(ServerAttributes.SERVER_ADDRESS, URI.create(baseUrl).getHost()),
                equalTo(ServerAttributes.SERVER_PORT, (long) URI.create(baseUrl).getPort()),
                equalTo(GEN_AI_RESPONSE_MODEL, answer.get("model").asText()),
                equalTo(GEN_AI_RESPONSE_FINISH_REASONS, List.of(finishReason(answer))),
                equalTo(GEN_AI_USAGE_INPUT_TOKENS, answer.get("prompt_eval_count").asLong()),
                equalTo(GEN_AI_USAGE_OUTPUT_TOKENS, answer.get("eval_count").asLong()),
                equalTo(SERVER_LOAD_DURATION, seconds(answer, "load_duration")),
                equalTo(SERVER_PROMPT_EVAL_DURATION, seconds(answer, "prompt_eval_duration")),
                equalTo(SERVER_TOTAL_DURATION, seconds(answer, "total_duration"))));
    if (temperature != null) {
      a.add(equalTo(GEN_AI_REQUEST_TEMPERATURE, temperature));
    }
    if (seed != null) {
      a.add(equalTo(GEN_AI_REQUEST_SEED, seed));
    }
    if (answer.has("prompt_eval_duration")) {
      a.add(equalTo(SERVER_QUEUE_DURATION, queueSeconds(answer)));
    }
    // Ollama leaves eval_duration out when it is zero (a one-token answer): no rate then.
    if (answer.has("eval_duration")) {
      a.add(equalTo(SERVER_EVAL_DURATION, seconds(answer, "eval_duration")));
      double rate = answer.get("eval_count").asLong() * 1e9 / answer.get("eval_duration").asLong();
      a.add(
          satisfies(
              SERVER_OUTPUT_TOKENS_PER_SECOND, v -> v.isCloseTo(rate, withinPercentage(1e-9))));
    }
    return a;
  }

  /**
   * A stream of {@code chunks} chunks ending in {@code last}: a chat's attributes and the stream's
   * own (the time per chunk is asserted positive here; where the wire's timing is known, tighter).
   */
  public static List<AttributeAssertion> streamAnswered(
      String baseUrl,
      String model,
      @Nullable Double temperature,
      @Nullable Long seed,
      JsonNode last,
      long chunks) {
    List<AttributeAssertion> a = chatAnswered(baseUrl, model, temperature, seed, last);
    a.add(equalTo(GEN_AI_REQUEST_STREAM, true));
    a.add(equalTo(RESPONSE_CHUNK_COUNT, chunks));
    a.add(satisfies(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, t -> t.isPositive()));
    return a;
  }

  /**
   * An embeddings call of {@code model} at {@code baseUrl} answered by {@code answer}, through an
   * entry point that does not see the response's model ({@code embed(String)} of a wrapped model).
   */
  public static List<AttributeAssertion> embeddingsAnswered(
      String baseUrl, String model, JsonNode answer) {
    return new ArrayList<>(
        List.of(
            equalTo(GEN_AI_OPERATION_NAME, "embeddings"),
            equalTo(GEN_AI_PROVIDER_NAME, "ollama"),
            equalTo(GEN_AI_REQUEST_MODEL, model),
            equalTo(ServerAttributes.SERVER_ADDRESS, URI.create(baseUrl).getHost()),
            equalTo(ServerAttributes.SERVER_PORT, (long) URI.create(baseUrl).getPort()),
            equalTo(
                GEN_AI_EMBEDDINGS_DIMENSION_COUNT, (long) answer.get("embeddings").get(0).size()),
            equalTo(GEN_AI_USAGE_INPUT_TOKENS, answer.get("prompt_eval_count").asLong()),
            equalTo(SERVER_LOAD_DURATION, seconds(answer, "load_duration")),
            equalTo(SERVER_TOTAL_DURATION, seconds(answer, "total_duration"))));
  }

  /**
   * The same, through {@code embed(EmbeddingRequest)}, whose response names the model that answered
   * ({@code gen_ai.response.model}).
   */
  public static List<AttributeAssertion> embeddingsAnsweredWithResponseModel(
      String baseUrl, String model, JsonNode answer) {
    List<AttributeAssertion> a = embeddingsAnswered(baseUrl, model, answer);
    a.add(equalTo(GEN_AI_RESPONSE_MODEL, answer.get("model").asText()));
    return a;
  }

  /**
   * The one LLM span in {@code spans} of the call the server answered with {@code answer} (a body,
   * or a stream's final line): the CLIENT span with its token counts, total duration and streaming
   * flag. Fails unless there is exactly one.
   */
  public static SpanData spanAnswering(List<SpanData> spans, JsonNode answer, boolean stream) {
    List<SpanData> candidates =
        spans.stream()
            .filter(s -> s.getKind() == SpanKind.CLIENT)
            .filter(
                s ->
                    Long.valueOf(answer.path("eval_count").asLong(-1))
                            .equals(s.getAttributes().get(GEN_AI_USAGE_OUTPUT_TOKENS))
                        && Long.valueOf(answer.path("prompt_eval_count").asLong(-1))
                            .equals(s.getAttributes().get(GEN_AI_USAGE_INPUT_TOKENS)))
            .filter(
                s ->
                    Double.valueOf(seconds(answer, "total_duration"))
                        .equals(s.getAttributes().get(SERVER_TOTAL_DURATION)))
            .filter(
                s -> stream == Boolean.TRUE.equals(s.getAttributes().get(GEN_AI_REQUEST_STREAM)))
            .toList();
    assertThat(candidates).as("the span of the call answered with %s", answer).hasSize(1);
    return candidates.get(0);
  }

  /**
   * The semconv finish reason of an Ollama answer: tool_call when it called one, else done_reason.
   */
  public static String finishReason(JsonNode answer) {
    return answer.path("message").path("tool_calls").size() > 0
        ? "tool_call"
        : answer.get("done_reason").asText();
  }

  /** A nanosecond field of an Ollama answer, in seconds. */
  public static double seconds(JsonNode answer, String field) {
    return answer.get(field).asLong() / 1e9;
  }

  /**
   * The time an answer waited in the server for a slot: its total less load, prompt evaluation and
   * generation (a field Ollama left out is zero), seconds.
   */
  public static double queueSeconds(JsonNode answer) {
    long rest =
        answer.get("total_duration").asLong()
            - answer.path("load_duration").asLong(0)
            - answer.get("prompt_eval_duration").asLong()
            - answer.path("eval_duration").asLong(0);
    return Math.max(0, rest) / 1e9;
  }
}
