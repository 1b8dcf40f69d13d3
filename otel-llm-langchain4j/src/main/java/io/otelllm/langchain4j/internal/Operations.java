package io.otelllm.langchain4j.internal;

import io.opentelemetry.context.Context;
import io.otelllm.core.LlmCall;
import io.otelllm.core.LlmRequest;
import io.otelllm.core.LlmResponse;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.internal.SafeLog;
import java.util.function.Supplier;

/**
 * Begins and ends operations so that a translation bug (an unexpected null in a langchain4j type)
 * can never reach the application: the call then goes on untraced or ends with what is known.
 */
final class Operations {

  static LlmCall startCall(LlmTelemetry telemetry, Supplier<LlmRequest> request) {
    return startCall(telemetry, Context.current(), request);
  }

  static LlmCall startCall(LlmTelemetry telemetry, Context parent, Supplier<LlmRequest> request) {
    try {
      return telemetry.startCall(parent, request.get());
    } catch (Throwable t) {
      SafeLog.failure("translating a langchain4j request", t);
      return LlmCall.noop();
    }
  }

  static void end(LlmCall op, Supplier<LlmResponse> response) {
    LlmResponse facts;
    try {
      facts = response.get();
    } catch (Throwable t) {
      SafeLog.failure("translating a langchain4j response", t);
      facts = LlmResponse.empty();
    }
    op.end(facts);
  }

  private Operations() {}
}
