package io.otelllm.core;

/** The {@code gen_ai.operation.name} values of the GenAI semantic conventions (v1.41). */
public final class GenAiOperation {
  public static final String CHAT = "chat";
  public static final String TEXT_COMPLETION = "text_completion";
  public static final String GENERATE_CONTENT = "generate_content";
  public static final String EMBEDDINGS = "embeddings";
  public static final String EXECUTE_TOOL = "execute_tool";
  public static final String INVOKE_AGENT = "invoke_agent";

  private GenAiOperation() {}
}
