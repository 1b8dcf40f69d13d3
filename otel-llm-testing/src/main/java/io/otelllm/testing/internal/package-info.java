/**
 * What the tests of every module share: expectations of an Ollama call's span ({@link
 * io.otelllm.testing.internal.OllamaExpectations}), span-tree lookups, a log capture, an OTLP
 * receiver and forked JVMs for programs that run on their own (the Java agent's, a consumer
 * application's), and the rule for tests that need a real service ({@link
 * io.otelllm.testing.internal.LocalService}). Internal, and not published: a test dependency of
 * this build and of its consumer projects, no part of otel-llm's API.
 */
@NullMarked
package io.otelllm.testing.internal;

import org.jspecify.annotations.NullMarked;
