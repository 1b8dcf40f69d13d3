/**
 * The langchain4j adapter's implementation: decorators, listener, HTTP layer. Not API: everything
 * here may change in any release.
 */
@NullMarked
package io.otelllm.langchain4j.internal;

import org.jspecify.annotations.NullMarked;
