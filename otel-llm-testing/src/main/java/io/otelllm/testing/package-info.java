/**
 * What the tests of every module share: expectations of an Ollama call's span ({@link
 * io.otelllm.testing.OllamaExpectations}), span-tree lookups, a log capture, an OTLP receiver and
 * forked JVMs for programs that run on their own (the Java agent's, a consumer application's), and
 * the rule for tests that need a real service ({@link io.otelllm.testing.LocalService}). Not
 * published: a test dependency of this build and of its consumer projects.
 */
@NullMarked
package io.otelllm.testing;

import org.jspecify.annotations.NullMarked;
