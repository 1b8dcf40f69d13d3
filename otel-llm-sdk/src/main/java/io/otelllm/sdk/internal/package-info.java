/**
 * The SDK module's implementation: autoconfigure providers, aggregation. Not API: everything here
 * may change in any release.
 */
@NullMarked
package io.otelllm.sdk.internal;

import org.jspecify.annotations.NullMarked;
