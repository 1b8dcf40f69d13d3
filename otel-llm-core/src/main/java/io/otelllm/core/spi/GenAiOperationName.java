package io.otelllm.core.spi;

/** The {@code gen_ai.operation.name} values of the GenAI semantic conventions (v1.41). */
public final class GenAiOperationName {
  /** A chat completion. */
  public static final String CHAT = "chat";

  /** A plain text completion. */
  public static final String TEXT_COMPLETION = "text_completion";

  /** Multimodal content generation. */
  public static final String GENERATE_CONTENT = "generate_content";

  /** Embeddings. */
  public static final String EMBEDDINGS = "embeddings";

  /** A tool's execution. */
  public static final String EXECUTE_TOOL = "execute_tool";

  /** An agent's invocation (an agent turn). */
  public static final String INVOKE_AGENT = "invoke_agent";

  private GenAiOperationName() {}
}
