/**
 * The SDK set-up's implementation: the metrics-refused guard. Not API: everything here may change
 * in any release.
 */
@NullMarked
package io.otelllm.autoconfigure.internal;

import org.jspecify.annotations.NullMarked;
