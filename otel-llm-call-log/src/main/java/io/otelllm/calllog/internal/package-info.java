/**
 * The call log's format, shared by the exporters, the report and the demo: one LLM call as a record
 * ({@link io.otelllm.calllog.internal.LlmCallRecord}) read from a span's facts, written and read as
 * a JSON line, and aggregated in memory that does not grow with the calls. Not API: everything here
 * may change in any release; the JSON-lines format itself is documented in
 * docs/call-log-and-report.md.
 */
@NullMarked
package io.otelllm.calllog.internal;

import org.jspecify.annotations.NullMarked;
