package io.otelllm.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * One tool execution: the request object of the tool-execution Instrumenter.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 *
 * @param toolName the tool's name
 * @param callId the model's id for this call of the tool
 * @param type {@code function}, {@code extension} or {@code datastore}
 * @param description the tool's description
 * @param arguments the arguments as JSON text (recorded only with content capture on)
 */
public record ToolExecutionState(
    @Nullable String toolName,
    @Nullable String callId,
    @Nullable String type,
    @Nullable String description,
    @Nullable String arguments) {}
