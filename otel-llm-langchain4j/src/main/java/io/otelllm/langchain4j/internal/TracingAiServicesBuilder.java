package io.otelllm.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.service.AiServiceContext;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.HallucinatedToolNameStrategy;
import dev.langchain4j.service.tool.ToolArgumentsErrorHandler;
import dev.langchain4j.service.tool.ToolExecution;
import dev.langchain4j.service.tool.ToolExecutionErrorHandler;
import io.otelllm.langchain4j.LangChain4jTelemetry;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * langchain4j's {@link AiServices} builder, traced: every setting is langchain4j's own, on
 * langchain4j's own context; the tool hooks, error handlers, unknown-tool strategy and concurrent
 * executor that the application sets are wrapped as they are set, the models are wrapped unless
 * they already are, and {@link #build()} returns langchain4j's service behind {@link
 * TracedAiService}.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class TracingAiServicesBuilder<T> extends AiServices<T> {
  private final Class<T> type;
  private final LangChain4jTelemetry lc4j;
  private final @Nullable String agentName;
  private final boolean wrapModels;
  private final AiServiceInvocations invocations = new AiServiceInvocations();
  private final ToolSpans tools;
  private final ToolExecutionErrorHandler defaultExecutionErrors;
  private final ToolArgumentsErrorHandler defaultArgumentErrors;

  private TracingAiServicesBuilder(
      LangChain4jTelemetry lc4j, Class<T> type, @Nullable String agentName, boolean wrapModels) {
    super(AiServiceContext.create(type));
    this.type = type;
    this.lc4j = lc4j;
    this.agentName = agentName;
    this.wrapModels = wrapModels;
    this.tools = new ToolSpans(lc4j.telemetry(), invocations::parentOf);
    this.defaultExecutionErrors = context.toolService.executionErrorHandler();
    this.defaultArgumentErrors = context.toolService.argumentsErrorHandler();
    super.registerListeners(invocations.listeners());
    super.beforeToolExecution(tools.before(null));
    super.afterToolExecution(tools.after(null));
    super.toolExecutionErrorHandler(tools.executionErrors(defaultExecutionErrors));
    super.toolArgumentsErrorHandler(tools.argumentErrors(defaultArgumentErrors));
    super.hallucinatedToolNameStrategy(
        tools.unknownTools(HallucinatedToolNameStrategy.THROW_EXCEPTION));
  }

  /**
   * A traced builder of an AI service of {@code type}; {@code wrapModels}: whether models given to
   * it are wrapped (not when something else traces them already, the Java agent extension).
   */
  public static <T> AiServices<T> create(
      LangChain4jTelemetry lc4j, Class<T> type, @Nullable String agentName, boolean wrapModels) {
    return new TracingAiServicesBuilder<>(lc4j, type, agentName, wrapModels);
  }

  @Override
  public AiServices<T> chatModel(ChatModel chatModel) {
    return super.chatModel(
        !wrapModels || chatModel == null || chatModel instanceof TracingChatModel
            ? chatModel
            : lc4j.wrap(chatModel));
  }

  @Override
  public AiServices<T> streamingChatModel(StreamingChatModel streamingChatModel) {
    return super.streamingChatModel(
        !wrapModels
                || streamingChatModel == null
                || streamingChatModel instanceof TracingStreamingChatModel
            ? streamingChatModel
            : lc4j.wrap(streamingChatModel));
  }

  @Override
  public AiServices<T> beforeToolExecution(Consumer<BeforeToolExecution> beforeToolExecution) {
    return super.beforeToolExecution(tools.before(beforeToolExecution));
  }

  @Override
  public AiServices<T> afterToolExecution(Consumer<ToolExecution> afterToolExecution) {
    return super.afterToolExecution(tools.after(afterToolExecution));
  }

  @Override
  public AiServices<T> toolExecutionErrorHandler(ToolExecutionErrorHandler handler) {
    return super.toolExecutionErrorHandler(
        tools.executionErrors(handler == null ? defaultExecutionErrors : handler));
  }

  @Override
  public AiServices<T> toolArgumentsErrorHandler(ToolArgumentsErrorHandler handler) {
    return super.toolArgumentsErrorHandler(
        tools.argumentErrors(handler == null ? defaultArgumentErrors : handler));
  }

  @Override
  public AiServices<T> hallucinatedToolNameStrategy(
      Function<ToolExecutionRequest, ToolExecutionResultMessage> strategy) {
    return super.hallucinatedToolNameStrategy(
        tools.unknownTools(
            strategy == null ? HallucinatedToolNameStrategy.THROW_EXCEPTION : strategy));
  }

  @Override
  public AiServices<T> executeToolsConcurrently() {
    super.executeToolsConcurrently();
    return super.executeToolsConcurrently(ToolSpans.executor(context.toolService.executor()));
  }

  @Override
  public AiServices<T> executeToolsConcurrently(Executor executor) {
    super.executeToolsConcurrently(executor);
    Executor configured = context.toolService.executor();
    return configured == null
        ? this
        : super.executeToolsConcurrently(ToolSpans.executor(configured));
  }

  @Override
  public T build() {
    tools.describe(context.toolService.toolSpecifications());
    T service = type.cast(AiServices.builder(context).build());
    return TracedAiService.create(type, service, lc4j.telemetry(), agentName, invocations);
  }
}
