/**
 * The extension's implementation: the agent's instrumentation module, its type instrumentations and
 * their advice. Not API: the extension is used as a jar, by the agent, never from code.
 */
@NullMarked
package io.otelllm.javaagent.internal;

import org.jspecify.annotations.NullMarked;
