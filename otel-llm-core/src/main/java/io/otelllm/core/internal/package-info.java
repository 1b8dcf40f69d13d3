/**
 * The core's implementation: extractors, metrics and the call in flight behind {@link
 * io.otelllm.core.LlmTelemetry}. Not API: everything here may change in any release.
 */
@NullMarked
package io.otelllm.core.internal;

import org.jspecify.annotations.NullMarked;
