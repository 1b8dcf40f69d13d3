/**
 * The exporters' implementation: autoconfigure providers, the span-to-record mapping and a flush
 * that really flushes. Not API: everything here may change in any release.
 */
@NullMarked
package io.otelllm.exporters.internal;

import org.jspecify.annotations.NullMarked;
