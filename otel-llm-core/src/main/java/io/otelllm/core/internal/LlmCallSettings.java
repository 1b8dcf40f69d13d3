package io.otelllm.core.internal;

/** The per-telemetry settings an {@link LlmCall} needs while it runs. */
public record LlmCallSettings(
    LabelPolicy labels, boolean captureThreadResources, long modelLoadEventThresholdNanos) {}
