package io.otelllm.core.internal;

/** One tool execution: the request object of the tool-call Instrumenter. */
public record ToolCallState(
    String toolName, String callId, String type, String description, String arguments) {}
