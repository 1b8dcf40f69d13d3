/** The agent listener behind {@code AgenticTelemetry}; not for public use. */
@NullMarked
package io.otelllm.langchain4j.agentic.internal;

import org.jspecify.annotations.NullMarked;
