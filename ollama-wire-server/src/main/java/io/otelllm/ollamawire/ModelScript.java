package io.otelllm.ollamawire;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * How one model of the {@link OllamaWireServer} behaves: what it answers, how fast, and how it
 * fails. Immutable; built with {@link #builder(String)}.
 */
public final class ModelScript {

  /** How a request to this model fails, if it does. */
  public enum Failure {
    NONE,
    /** Answer with {@link Builder#failWithStatus(int, String)}'s status and error body. */
    HTTP_STATUS,
    /** Stream {@link Builder#failMidStream(int)} chunks, then an {@code {"error": …}} line. */
    MID_STREAM,
    /** Accept the request and never answer (until the server stops). */
    HANG,
    /**
     * Stream {@link Builder#closeMidStream(int)} chunks, then end the body cleanly without the
     * final {@code "done": true} line — a server restarted or a proxy timing out.
     */
    CLOSE_MID_STREAM,
    /**
     * Stream {@link Builder#truncateMidStream(int)} chunks, then half a line, then end the body.
     */
    TRUNCATE_MID_STREAM,
    /**
     * Stream {@link Builder#stallMidStream(int)} chunks, then send nothing more (until stopped).
     */
    STALL_MID_STREAM,
    /** Answer 200 with an HTML page (a captive portal, a misrouted proxy), streaming or not. */
    HTML_OK
  }

  final String name;
  final Function<JsonNode, String> reply;
  final Function<JsonNode, String> jsonReply;
  final Duration promptEvalPerToken;
  final String thinking;
  final Function<JsonNode, List<ToolCall>> toolCalls;
  final Duration coldLoad;
  final Duration warmLoad;
  final Duration firstTokenDelay;
  final Duration chunkDelay;
  final Failure failure;
  final int failureStatus;
  final String failureMessage;
  final int midStreamChunks;
  final double errorRate;
  final int embeddingDimensions;
  final int numPredict;
  final boolean supportsTools;
  final int parallel;

  private ModelScript(Builder b) {
    this.name = b.name;
    this.reply = b.reply;
    this.jsonReply = b.jsonReply;
    this.promptEvalPerToken = b.promptEvalPerToken;
    this.thinking = b.thinking;
    this.toolCalls = b.toolCalls;
    this.coldLoad = b.coldLoad;
    this.warmLoad = b.warmLoad;
    this.firstTokenDelay = b.firstTokenDelay;
    this.chunkDelay = b.chunkDelay;
    this.failure = b.failure;
    this.failureStatus = b.failureStatus;
    this.failureMessage = b.failureMessage;
    this.midStreamChunks = b.midStreamChunks;
    this.errorRate = b.errorRate;
    this.embeddingDimensions = b.embeddingDimensions;
    this.numPredict = b.numPredict;
    this.supportsTools = b.supportsTools;
    this.parallel = b.parallel;
  }

  /**
   * One tool call the model makes: the tool's name and its arguments as a JSON object.
   *
   * @param name the tool's name
   * @param argumentsJson the arguments, a JSON object
   */
  public record ToolCall(String name, String argumentsJson) {}

  /** Whether the conversation of {@code request} ends with a tool's result. */
  public static boolean lastIsToolResult(JsonNode request) {
    JsonNode messages = request.path("messages");
    return messages.size() > 0
        && "tool".equals(messages.get(messages.size() - 1).path("role").asText());
  }

  /** A script for the model named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  /** Builder for {@link ModelScript}. */
  public static final class Builder {
    private final String name;
    private Function<JsonNode, String> reply = request -> "Hello! How are you today?";
    private Function<JsonNode, String> jsonReply = request -> "{\"action\":\"wait\"}";
    private Duration promptEvalPerToken = Duration.ZERO;
    private String thinking;
    private Function<JsonNode, List<ToolCall>> toolCalls = request -> List.of();
    private Duration coldLoad = Duration.ZERO;
    private Duration warmLoad = Duration.ofMillis(1);
    private Duration firstTokenDelay = Duration.ofMillis(5);
    private Duration chunkDelay = Duration.ofMillis(2);
    private Failure failure = Failure.NONE;
    private int failureStatus;
    private String failureMessage;
    private int midStreamChunks;
    private double errorRate;
    private int embeddingDimensions = 8;
    private int numPredict;
    private boolean supportsTools = true;
    private int parallel = 1;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** The answer text; streamed one word (with its leading space) per chunk. */
    public Builder reply(String text) {
      return reply(request -> text);
    }

    /** The answer as a function of the request body. */
    public Builder reply(Function<JsonNode, String> reply) {
      this.reply = Objects.requireNonNull(reply, "reply");
      return this;
    }

    /** The answer when the request asks for {@code format} (JSON). */
    public Builder jsonReply(String json) {
      return jsonReply(request -> json);
    }

    /** The JSON answer as a function of the request body. */
    public Builder jsonReply(Function<JsonNode, String> jsonReply) {
      this.jsonReply = Objects.requireNonNull(jsonReply, "jsonReply");
      return this;
    }

    /**
     * Extra prompt evaluation time per prompt token: long prompts answer later, as on a real model.
     */
    public Builder promptEvalPerToken(Duration perToken) {
      this.promptEvalPerToken = perToken;
      return this;
    }

    /**
     * What a thinking model thinks before it answers, streamed as {@code message.thinking} when the
     * request says {@code think}.
     */
    public Builder thinking(String thinking) {
      this.thinking = thinking;
      return this;
    }

    /** When tools are offered and the last message is not a tool result, call this one. */
    public Builder toolCall(String toolName, String argumentsJson) {
      ToolCall call = new ToolCall(toolName, argumentsJson);
      return toolCalls(request -> lastIsToolResult(request) ? List.of() : List.of(call));
    }

    /**
     * When tools are offered, the calls to make for this request (none: answer with text), as a
     * model would decide from the conversation so far.
     */
    public Builder toolCalls(Function<JsonNode, List<ToolCall>> toolCalls) {
      this.toolCalls = toolCalls;
      return this;
    }

    /** Load time of the first request to this model (a cold start), slept and reported. */
    public Builder coldLoad(Duration coldLoad) {
      this.coldLoad = coldLoad;
      return this;
    }

    /** Load time reported (and slept) once the model is loaded. */
    public Builder warmLoad(Duration warmLoad) {
      this.warmLoad = warmLoad;
      return this;
    }

    /** Prompt evaluation time before the first chunk, slept and reported. */
    public Builder firstTokenDelay(Duration firstTokenDelay) {
      this.firstTokenDelay = firstTokenDelay;
      return this;
    }

    /** Time per generated chunk after the first; generation time grows with the answer. */
    public Builder chunkDelay(Duration chunkDelay) {
      this.chunkDelay = chunkDelay;
      return this;
    }

    public Builder failWithStatus(int status, String message) {
      this.failure = Failure.HTTP_STATUS;
      this.failureStatus = status;
      this.failureMessage = message;
      return this;
    }

    public Builder failMidStream(int chunksBeforeError) {
      this.failure = Failure.MID_STREAM;
      this.midStreamChunks = chunksBeforeError;
      return this;
    }

    public Builder hang() {
      this.failure = Failure.HANG;
      return this;
    }

    /** See {@link Failure#CLOSE_MID_STREAM}. */
    public Builder closeMidStream(int chunksBeforeClose) {
      this.failure = Failure.CLOSE_MID_STREAM;
      this.midStreamChunks = chunksBeforeClose;
      return this;
    }

    /** See {@link Failure#TRUNCATE_MID_STREAM}. */
    public Builder truncateMidStream(int chunksBeforeTruncation) {
      this.failure = Failure.TRUNCATE_MID_STREAM;
      this.midStreamChunks = chunksBeforeTruncation;
      return this;
    }

    /** See {@link Failure#STALL_MID_STREAM}. */
    public Builder stallMidStream(int chunksBeforeStall) {
      this.failure = Failure.STALL_MID_STREAM;
      this.midStreamChunks = chunksBeforeStall;
      return this;
    }

    /** See {@link Failure#HTML_OK}. */
    public Builder answerHtml() {
      this.failure = Failure.HTML_OK;
      return this;
    }

    /** Fraction (0–1) of requests answered with a 500, drawn from the server's seeded random. */
    public Builder errorRate(double errorRate) {
      if (errorRate < 0 || errorRate > 1) {
        throw new IllegalArgumentException("errorRate must be between 0 and 1, was " + errorRate);
      }
      this.errorRate = errorRate;
      return this;
    }

    public Builder embeddingDimensions(int dimensions) {
      this.embeddingDimensions = dimensions;
      return this;
    }

    /**
     * The model's own output limit in chunks (a Modelfile's {@code PARAMETER num_predict}; 0, the
     * default, is none). A request's {@code options.num_predict} overrides it. A reply cut by
     * either ends with {@code done_reason} {@code length}, as on Ollama.
     */
    public Builder numPredict(int numPredict) {
      this.numPredict = numPredict;
      return this;
    }

    /** A model whose template has no tools: Ollama answers 400 to a request that offers any. */
    public Builder withoutToolSupport() {
      this.supportsTools = false;
      return this;
    }

    /**
     * How many requests the model serves at once ({@code OLLAMA_NUM_PARALLEL}; Ollama's default and
     * this one's is 1): the others wait for a slot, and the wait is in their {@code
     * total_duration}, outside load, prompt evaluation and generation.
     */
    public Builder parallel(int parallel) {
      if (parallel < 1) {
        throw new IllegalArgumentException("parallel must be at least 1, was " + parallel);
      }
      this.parallel = parallel;
      return this;
    }

    public ModelScript build() {
      return new ModelScript(this);
    }
  }
}
