package io.otelllm.langchain4j.internal;

import io.opentelemetry.context.Context;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.internal.SafeLog;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.core.spi.LlmResponse;
import java.util.function.Supplier;

/**
 * Starts and ends LLM calls so that a translation bug (an unexpected null in a langchain4j type)
 * can never reach the application: the call then goes on untraced or ends with what is known.
 */
final class Operations {

  static LlmCall startCall(LlmTelemetry telemetry, Supplier<LlmRequest> request) {
    return startCall(telemetry, Context.current(), request);
  }

  static LlmCall startCall(LlmTelemetry telemetry, Context parent, Supplier<LlmRequest> request) {
    try {
      return telemetry.llmCall(request.get()).setParent(parent).start();
    } catch (Throwable t) {
      SafeLog.failure("translating a langchain4j request", t);
      return LlmCall.noop();
    }
  }

  static void end(LlmCall call, Supplier<LlmResponse> response) {
    LlmResponse facts;
    try {
      facts = response.get();
    } catch (Throwable t) {
      SafeLog.failure("translating a langchain4j response", t);
      facts = LlmResponse.empty();
    }
    call.end(facts);
  }

  private Operations() {}
}
