/** JMH benchmarks of otel-llm's overhead. Not published. */
package io.otelllm.benchmarks;
