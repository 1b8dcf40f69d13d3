package io.otelllm.javaagent.internal;

import java.util.List;

/**
 * The helper classes the advice needs in the application's class loader: otel-llm's core, the
 * langchain4j adapter and the extension's bridge — declared here, by name, because the agent
 * injects only what it is told (this build has no muzzle plugin to find them). {@code
 * HelperClassesTest} reads the advice's byte code, follows every otel-llm class it reaches and
 * fails unless this list is exactly that set.
 *
 * <p>The names are otel-llm's own; the extension jar's relocation rewrites them, like every
 * otel-llm class name in it, to the relocated ones.
 */
final class HelperClasses {

  static final List<String> NAMES =
      List.of(
          "io.otelllm.core.AgentTurn",
          "io.otelllm.core.AgentTurn$Builder",
          "io.otelllm.core.CallLabel",
          "io.otelllm.core.ContentRedactor",
          "io.otelllm.core.LlmTelemetry",
          "io.otelllm.core.LlmTelemetry$CallBuilder",
          "io.otelllm.core.LlmTelemetry$ThrowingRunnable",
          "io.otelllm.core.LlmTelemetry$ThrowingSupplier",
          "io.otelllm.core.LlmTelemetryBuilder",
          "io.otelllm.core.ToolExecution",
          "io.otelllm.core.ToolExecution$Builder",
          "io.otelllm.core.internal.AgentToolMetrics",
          "io.otelllm.core.internal.AgentToolMetrics$Start",
          "io.otelllm.core.internal.AgentTurnAttributesExtractor",
          "io.otelllm.core.internal.AgentTurnRollup",
          "io.otelllm.core.internal.AgentTurnRollup$State",
          "io.otelllm.core.internal.AgentTurnState",
          "io.otelllm.core.internal.AgentTurnToolRollup",
          "io.otelllm.core.internal.AgentTurnToolRollup$State",
          "io.otelllm.core.internal.ChunkIntervals",
          "io.otelllm.core.internal.ContentAttributesExtractor",
          "io.otelllm.core.internal.ContentPolicy",
          "io.otelllm.core.internal.ContentPolicy$MessagesRenderer",
          "io.otelllm.core.internal.ContentPolicy$PartsRenderer",
          "io.otelllm.core.internal.ContentPolicy$Renderer",
          "io.otelllm.core.internal.DetectedFailure",
          "io.otelllm.core.internal.ErrorTypes",
          "io.otelllm.core.internal.GenAiExtraAttributesExtractor",
          "io.otelllm.core.internal.GenAiShape",
          "io.otelllm.core.internal.InstrumentedOperation",
          "io.otelllm.core.internal.JsonText",
          "io.otelllm.core.internal.LabelPolicy",
          "io.otelllm.core.internal.LlmCallAttributesGetter",
          "io.otelllm.core.internal.LlmCallContextKey",
          "io.otelllm.core.internal.LlmClientMetrics",
          "io.otelllm.core.internal.LlmClientMetrics$Latest",
          "io.otelllm.core.internal.LlmClientMetrics$SeriesAttributes",
          "io.otelllm.core.internal.LlmClientMetrics$SeriesKey",
          "io.otelllm.core.internal.LlmClientMetrics$State",
          "io.otelllm.core.internal.NoopLlmCall",
          "io.otelllm.core.internal.OpenTelemetryClassPath",
          "io.otelllm.core.internal.OtelLlmAttributesExtractor",
          "io.otelllm.core.internal.RecordingLlmCall",
          "io.otelllm.core.internal.RecordingLlmCall$Settings",
          "io.otelllm.core.internal.RecordingLlmCall$UnknownLlmError",
          "io.otelllm.core.internal.SafeLog",
          "io.otelllm.core.internal.SpanCeiling",
          "io.otelllm.core.internal.ThreadResources",
          "io.otelllm.core.internal.ThreadResources$Snapshot",
          "io.otelllm.core.internal.ThreadResources$Usage",
          "io.otelllm.core.internal.ToolExecutionAttributesExtractor",
          "io.otelllm.core.internal.ToolExecutionState",
          "io.otelllm.core.internal.Truncation",
          "io.otelllm.core.internal.Units",
          "io.otelllm.core.internal.Values",
          "io.otelllm.core.internal.Version",
          "io.otelllm.core.spi.AutoValue_LlmMessage",
          "io.otelllm.core.spi.AutoValue_LlmRequest",
          "io.otelllm.core.spi.AutoValue_LlmRequest$Builder",
          "io.otelllm.core.spi.AutoValue_LlmResponse",
          "io.otelllm.core.spi.AutoValue_LlmResponse$Builder",
          "io.otelllm.core.spi.AutoValue_MessagePart",
          "io.otelllm.core.spi.AutoValue_ServerTimings",
          "io.otelllm.core.spi.AutoValue_ServerTimings$Builder",
          "io.otelllm.core.spi.LlmCall",
          "io.otelllm.core.spi.LlmCall$Builder",
          "io.otelllm.core.spi.LlmMessage",
          "io.otelllm.core.spi.LlmRequest",
          "io.otelllm.core.spi.LlmRequest$Builder",
          "io.otelllm.core.spi.LlmResponse",
          "io.otelllm.core.spi.LlmResponse$Builder",
          "io.otelllm.core.spi.MessagePart",
          "io.otelllm.core.spi.OtelLlmAttributes",
          "io.otelllm.core.spi.ServerTimings",
          "io.otelllm.core.spi.ServerTimings$Builder",
          "io.otelllm.core.spi.ValueChecks",
          "io.otelllm.javaagent.internal.bridge.LibraryUnderTheAgent",
          "io.otelllm.javaagent.internal.bridge.LibraryUnderTheAgent$1",
          "io.otelllm.javaagent.internal.bridge.OtelLlmAgent",
          "io.otelllm.javaagent.internal.bridge.OtelLlmAgent$Holder",
          "io.otelllm.langchain4j.LangChain4jTelemetry",
          "io.otelllm.langchain4j.LangChain4jTelemetryBuilder",
          "io.otelllm.langchain4j.TracedAiServices",
          "io.otelllm.langchain4j.internal.AiServiceInvocations",
          "io.otelllm.langchain4j.internal.AiServiceInvocations$1",
          "io.otelllm.langchain4j.internal.AiServiceInvocations$Pending",
          "io.otelllm.langchain4j.internal.LangChain4jFacts",
          "io.otelllm.langchain4j.internal.ModelCalls",
          "io.otelllm.langchain4j.internal.OllamaWireReader",
          "io.otelllm.langchain4j.internal.Operations",
          "io.otelllm.langchain4j.internal.ProviderParameters",
          "io.otelllm.langchain4j.internal.ProviderParameters$Ollama",
          "io.otelllm.langchain4j.internal.ToolErrorResultException",
          "io.otelllm.langchain4j.internal.ToolSpans",
          "io.otelllm.langchain4j.internal.ToolSpans$OpenTool",
          "io.otelllm.langchain4j.internal.TopLevelMembers",
          "io.otelllm.langchain4j.internal.TopLevelMembers$BytesText",
          "io.otelllm.langchain4j.internal.TopLevelMembers$StringText",
          "io.otelllm.langchain4j.internal.TopLevelMembers$Text",
          "io.otelllm.langchain4j.internal.TracedAiService",
          "io.otelllm.langchain4j.internal.TracedAiService$Returned",
          "io.otelllm.langchain4j.internal.TracedTokenStream",
          "io.otelllm.langchain4j.internal.TracedTokenStream$1",
          "io.otelllm.langchain4j.internal.TracingAiServicesBuilder",
          "io.otelllm.langchain4j.internal.ReactiveChat",
          "io.otelllm.langchain4j.internal.TracingChatEventPublisher",
          "io.otelllm.langchain4j.internal.TracingChatEventPublisher$TracingSubscriber",
          "io.otelllm.langchain4j.internal.TracingChatEventPublisher$TracingSubscriber$1",
          "io.otelllm.langchain4j.internal.TracingChatModel",
          "io.otelllm.langchain4j.internal.TracingChatModelListener",
          "io.otelllm.langchain4j.internal.TracingEmbeddingModel",
          "io.otelllm.langchain4j.internal.TracingHttpClient",
          "io.otelllm.langchain4j.internal.TracingHttpClient$TimingListener",
          "io.otelllm.langchain4j.internal.TracingStreamingChatModel",
          "io.otelllm.langchain4j.internal.TracingStreamingHandler",
          "io.otelllm.langchain4j.internal.TracingStreamingHandler$1",
          "io.otelllm.langchain4j.internal.UnknownToolException",
          "io.otelllm.langchain4j.internal.WrappingHttpClientBuilder");

  private static final String BRIDGE = "io.otelllm.javaagent.internal.bridge.";

  /** Whether {@code className} is one of the helpers (the bridge's, or a listed otel-llm class). */
  static boolean isHelper(String className) {
    return className.startsWith(BRIDGE) || NAMES.contains(className);
  }

  private HelperClasses() {}
}
