/** One LLM call as a record, from a span, and its JSON-lines form. */
@NullMarked
package io.otelllm.sdk.calls;

import org.jspecify.annotations.NullMarked;
