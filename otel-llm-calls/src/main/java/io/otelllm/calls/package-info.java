/**
 * One LLM call as a record ({@link io.otelllm.calls.LlmCallRecord}): read from a span's facts,
 * written and read as a JSON line, and aggregated in memory that does not grow with the calls.
 */
@NullMarked
package io.otelllm.calls;

import org.jspecify.annotations.NullMarked;
