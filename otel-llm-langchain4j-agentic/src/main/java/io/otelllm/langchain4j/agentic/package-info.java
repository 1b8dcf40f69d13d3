/** Traces langchain4j-agentic agents and workflows through otel-llm. */
@NullMarked
package io.otelllm.langchain4j.agentic;

import org.jspecify.annotations.NullMarked;
