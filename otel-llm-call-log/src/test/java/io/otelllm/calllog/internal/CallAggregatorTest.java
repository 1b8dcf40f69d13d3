package io.otelllm.calllog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one aggregation: exact counts and sums, percentiles within 1 %, memory flat in the calls. */
class CallAggregatorTest {

  static LlmCallRecord call(String label, double ms, boolean ok, String error, Double ttft) {
    return LlmCallRecord.builder()
        .setRequestId("s")
        .setTraceId("t")
        .setTimestamp(Instant.EPOCH)
        .setLabel(label)
        .setOperation("chat")
        .setProvider("ollama")
        .setRequestModel("llama3.2")
        .setAgent("Ada")
        .setSuccess(ok)
        .setErrorType(error)
        .setDurationMs(ms)
        .setTtftMs(ttft)
        .setPromptTokens(10L)
        .setCompletionTokens(2L)
        .setTotalTokens(12L)
        .setColdStart(false)
        .build();
  }

  @Test
  void aggregatesOfKnownInputsAreExactWherePossibleAndWithinOnePercentForPercentiles() {
    CallAggregator aggregator = new CallAggregator(500);
    for (int i = 1; i <= 1000; i++) {
      boolean ok = i % 10 != 0;
      aggregator.record(
          call(
              "dialogue",
              i,
              ok,
              ok ? null : (i % 20 == 0 ? "java.net.ConnectException" : "Timeout"),
              (double) i / 10));
    }
    aggregator.record(call("planning", 5, true, null, null));
    List<CallAggregator.CallStats> window = aggregator.closeWindow().stats();
    assertThat(window).hasSize(2);
    CallAggregator.CallStats d = window.get(0);
    assertThat(d.label()).isEqualTo("dialogue");
    assertThat(d.calls()).isEqualTo(1000);
    assertThat(d.successRate()).isEqualTo(0.9);
    assertThat(d.errors()).isEqualTo(100);
    assertThat(d.minMs()).isEqualTo(1.0);
    assertThat(d.maxMs()).isEqualTo(1000.0);
    assertThat(d.avgMs()).isEqualTo(500.5);
    assertThat(d.p50Ms()).isCloseTo(500, within(500 * 0.01));
    assertThat(d.p90Ms()).isCloseTo(900, within(900 * 0.01));
    assertThat(d.p99Ms()).isCloseTo(990, within(990 * 0.01));
    assertThat(d.ttftP50Ms()).isCloseTo(50, within(50 * 0.01));
    assertThat(d.ttftP90Ms()).isCloseTo(90, within(90 * 0.01));
    assertThat(d.inputTokens()).isEqualTo(10_000);
    assertThat(d.outputTokens()).isEqualTo(2_000);
    assertThat(d.errorTypes())
        .containsOnly(
            java.util.Map.entry("java.net.ConnectException", 50L),
            java.util.Map.entry("Timeout", 50L));
    assertThat(window.get(1).ttftP50Ms()).isNull();
    assertThat(aggregator.closeWindow().stats()).as("a new window starts empty").isEmpty();
  }

  @Test
  void memoryIsFlatAcrossAMillionRecordedCalls() {
    CallAggregator aggregator = new CallAggregator(500);
    String[] labels = {"planning", "dialogue", "memory_consolidation"};
    for (int i = 0; i < 1_000; i++) {
      aggregator.record(
          call(labels[i % 3], i % 5000, i % 7 != 0, "E" + (i % 40), (double) (i % 300)));
    }
    long afterThousand = aggregator.footprintBytes();
    for (int i = 0; i < 1_000_000; i++) {
      aggregator.record(
          call(labels[i % 3], i % 5000, i % 7 != 0, "E" + (i % 40), (double) (i % 300)));
    }
    assertThat(aggregator.footprintBytes()).isEqualTo(afterThousand);
    List<CallAggregator.CallStats> window = aggregator.closeWindow().stats();
    assertThat(window).hasSize(3);
    assertThat(window.stream().mapToLong(CallAggregator.CallStats::calls).sum())
        .isEqualTo(1_001_000);
    assertThat(window)
        .allSatisfy(
            a -> assertThat(a.errorTypes()).hasSizeLessThanOrEqualTo(21).containsKey("_OTHER"));
  }

  @Test
  void keysPastTheCapShareOneBucket() {
    CallAggregator aggregator = new CallAggregator(2);
    for (String label : List.of("a", "b", "c", "d")) {
      aggregator.record(call(label, 1, true, null, null));
    }
    assertThat(aggregator.closeWindow().stats())
        .extracting(CallAggregator.CallStats::label)
        .containsExactly("_OTHER", "a", "b");
  }

  @Test
  void aStatsSnapshotLeavesTheCallsInPlaceAndABadCapIsNamed() {
    CallAggregator aggregator = new CallAggregator(10);
    aggregator.record(call("a", 3, true, null, null));
    assertThat(aggregator.stats()).hasSize(1);
    assertThat(aggregator.stats().get(0).calls()).isEqualTo(1);
    assertThatThrownBy(() -> new CallAggregator(0)).hasMessageContaining("maxKeys");
  }
}
