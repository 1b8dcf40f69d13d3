package io.otelllm.core.internal;

import static io.otelllm.core.internal.Units.nanosToSeconds;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.AttributesExtractor;
import io.otelllm.core.spi.LlmResponse;
import io.otelllm.core.spi.OtelLlmAttributes;
import io.otelllm.core.spi.ServerTimings;
import org.jspecify.annotations.Nullable;

/**
 * otel-llm's own LLM-span attributes: the caller's label, the agent whose turn it is, offered
 * tools, chunk count and time per chunk, the server's own timings, the HTTP status of a failure and
 * (opt-in) the calling thread's resources.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class OtelLlmAttributesExtractor
    implements AttributesExtractor<RecordingLlmCall, LlmResponse> {

  @Override
  public void onStart(AttributesBuilder attributes, Context parentContext, RecordingLlmCall call) {
    String label = call.label();
    if (label != null) {
      attributes.put(OtelLlmAttributes.LABEL, label);
    }
    // Lets a single LLM span (a JSON line, a search in Jaeger) say whose turn it served.
    AgentTurnState turn = parentContext.get(AgentTurnState.CONTEXT_KEY);
    if (turn != null && turn.agentName() != null) {
      attributes.put(OtelLlmAttributes.AGENT_NAME, turn.agentName());
      String root = AgentTurnState.rootAgentName(turn);
      if (root != null && !root.equals(turn.agentName())) {
        attributes.put(OtelLlmAttributes.ROOT_AGENT_NAME, root);
      }
    }
    if (!call.request().toolNames().isEmpty()) {
      attributes.put(OtelLlmAttributes.REQUEST_TOOL_NAMES, call.request().toolNames());
    }
  }

  @Override
  public void onEnd(
      AttributesBuilder attributes,
      Context context,
      RecordingLlmCall call,
      @Nullable LlmResponse response,
      @Nullable Throwable error) {
    if (call.request().stream()) {
      attributes.put(OtelLlmAttributes.RESPONSE_CHUNK_COUNT, call.chunkCount());
      double perChunk = call.timePerOutputChunkNanos();
      if (perChunk >= 0) {
        attributes.put(OtelLlmAttributes.RESPONSE_TIME_PER_OUTPUT_CHUNK, perChunk / 1e9);
      }
    }
    ServerTimings timings = call.serverTimings();
    if (timings != null) {
      putSeconds(attributes, OtelLlmAttributes.SERVER_LOAD_DURATION, timings.loadNanos());
      putSeconds(
          attributes, OtelLlmAttributes.SERVER_PROMPT_EVAL_DURATION, timings.promptEvalNanos());
      putSeconds(attributes, OtelLlmAttributes.SERVER_EVAL_DURATION, timings.evalNanos());
      putSeconds(attributes, OtelLlmAttributes.SERVER_TOTAL_DURATION, timings.totalNanos());
      putSeconds(attributes, OtelLlmAttributes.SERVER_QUEUE_DURATION, timings.queueNanos());
      Long evalNanos = timings.evalNanos();
      Long evalCount = timings.evalCount();
      if (evalNanos != null && evalNanos > 0 && evalCount != null && evalCount > 0) {
        attributes.put(
            OtelLlmAttributes.SERVER_OUTPUT_TOKENS_PER_SECOND,
            1e9 / ((double) evalNanos / evalCount));
      }
    }
    if (call.httpStatus() != 0) {
      attributes.put(OtelLlmAttributes.HTTP_RESPONSE_STATUS_CODE, (long) call.httpStatus());
    }
    ThreadResources.Usage usage = call.resourceUsage();
    if (usage != null) {
      if (usage.cpuNanos() >= 0) {
        attributes.put(OtelLlmAttributes.THREAD_CPU_TIME, nanosToSeconds(usage.cpuNanos()));
      }
      if (usage.allocatedBytes() >= 0) {
        attributes.put(OtelLlmAttributes.THREAD_ALLOCATED_BYTES, usage.allocatedBytes());
      }
    }
  }

  private static void putSeconds(
      AttributesBuilder attributes, AttributeKey<Double> key, @Nullable Long nanos) {
    if (nanos != null && nanos >= 0) {
      attributes.put(key, nanosToSeconds(nanos));
    }
  }
}
