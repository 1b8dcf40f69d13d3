package io.otelllm.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.core.spi.LlmResponse;
import io.otelllm.core.spi.OtelLlmAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hundreds of agent turns at once on a thread pool, each fanning calls out to a second pool: every
 * LLM span is under its own turn (the call carries its turn's number), and every turn's roll-up
 * totals are exact.
 */
class ConcurrentAgentTurnsTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  static final int TURNS = 300;
  static final int CALLS_PER_TURN = 5;

  @Test
  void everyCallIsUnderItsOwnTurnAndEveryRollUpIsExact() throws Exception {
    LlmTelemetry telemetry = LlmTelemetry.create(otel.getOpenTelemetry());
    ExecutorService turns = Executors.newFixedThreadPool(16);
    ExecutorService calls = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < TURNS; t++) {
        int turnNumber = t;
        done.add(
            turns.submit(
                () -> {
                  AgentTurn turn =
                      telemetry
                          .agentTurn("agent-" + (turnNumber % 7))
                          .setTurnNumber(turnNumber)
                          .start();
                  try (Scope ignored = turn.makeCurrent()) {
                    List<Future<?>> mine = new ArrayList<>();
                    for (int c = 0; c < CALLS_PER_TURN; c++) {
                      int index = c;
                      Runnable llmCall =
                          () -> {
                            try (Scope label = CallLabel.makeCurrent("turn-" + turnNumber)) {
                              LlmCall started =
                                  telemetry
                                      .llmCall(
                                          LlmRequest.builder("chat", "ollama")
                                              .setRequestModel("m")
                                              .build())
                                      .start();
                              if (index == 3 && turnNumber % 5 == 0) {
                                started.fail(new IllegalStateException());
                              } else {
                                started.end(
                                    LlmResponse.builder()
                                        .setInputTokens((long) turnNumber + index)
                                        .setOutputTokens(index + 1L)
                                        .build());
                              }
                            }
                          };
                      // Odd calls run on another pool, handed the turn's context; even ones on this
                      // thread.
                      mine.add(
                          index % 2 == 1
                              ? calls.submit(Context.current().wrap(llmCall))
                              : java.util.concurrent.CompletableFuture.runAsync(
                                  llmCall, Runnable::run));
                    }
                    for (Future<?> f : mine) {
                      f.get(30, TimeUnit.SECONDS);
                    }
                  }
                  turn.end();
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      turns.shutdown();
      calls.shutdown();
    }

    List<SpanData> spans = otel.getSpans();
    Map<String, SpanData> turnsById =
        spans.stream()
            .filter(s -> s.getKind() == SpanKind.INTERNAL)
            .collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
    assertThat(turnsById).hasSize(TURNS);
    List<SpanData> llm = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
    assertThat(llm).hasSize(TURNS * CALLS_PER_TURN);
    for (SpanData call : llm) {
      SpanData turn = turnsById.get(call.getParentSpanId());
      assertThat(turn).as("parent of an LLM span is a turn").isNotNull();
      assertThat(call.getTraceId()).isEqualTo(turn.getTraceId());
      assertThat(call.getAttributes().get(OtelLlmAttributes.LABEL))
          .as("the call belongs to the turn it is under")
          .isEqualTo("turn-" + turn.getAttributes().get(OtelLlmAttributes.TURN_NUMBER));
    }
    for (SpanData turn : turnsById.values()) {
      long n = turn.getAttributes().get(OtelLlmAttributes.TURN_NUMBER);
      boolean failing = n % 5 == 0;
      long expectedIn = 0;
      long expectedOut = 0;
      for (int c = 0; c < CALLS_PER_TURN; c++) {
        if (!(failing && c == 3)) {
          expectedIn += n + c;
          expectedOut += c + 1;
        }
      }
      assertThat(turn.getAttributes().get(OtelLlmAttributes.TURN_LLM_CALLS))
          .isEqualTo(CALLS_PER_TURN);
      assertThat(turn.getAttributes().get(OtelLlmAttributes.TURN_LLM_ERRORS))
          .isEqualTo(failing ? 1L : 0L);
      assertThat(
              turn.getAttributes()
                  .get(
                      io.opentelemetry.api.common.AttributeKey.longKey(
                          "gen_ai.usage.input_tokens")))
          .isEqualTo(expectedIn);
      assertThat(
              turn.getAttributes()
                  .get(
                      io.opentelemetry.api.common.AttributeKey.longKey(
                          "gen_ai.usage.output_tokens")))
          .isEqualTo(expectedOut);
    }
  }
}
