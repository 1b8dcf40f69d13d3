/**
 * The performance report: HTML and Markdown from JSON-lines call logs or a Jaeger's traces ({@link
 * io.otelllm.report.LlmReport}).
 */
@NullMarked
package io.otelllm.report;

import org.jspecify.annotations.NullMarked;
