package io.otelllm.examples.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.opentelemetry.context.Scope;
import io.otelllm.core.AgentTurn;
import io.otelllm.core.CallLabel;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.ToolExecution;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * A small society of agents taking turns. Each turn is an agent-turn span; inside it a planning
 * call with JSON output, sometimes a tool the agent chose, a streamed dialogue line, and every
 * third turn of an agent a memory consolidation whose summary is embedded. Agents of one round act
 * in parallel on a thread pool; each turn's span is started on the thread that runs it.
 */
final class Simulation {

  /** An agent; its consolidated summaries and their embeddings are kept index-aligned. */
  record Agent(
      String id,
      String name,
      String role,
      List<String> memories,
      List<String> summaries,
      List<Embedding> vectors) {}

  private static final String[][] PEOPLE = {
    {"Ada", "the village baker, practical and warm"},
    {"Bo", "a fisherman who distrusts strangers"},
    {"Cyra", "the mayor, worried about the harvest festival"},
    {"Dov", "a travelling merchant with too many secrets"},
    {"Eli", "the young blacksmith's apprentice"}
  };
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SimulationConfig config;
  private final LlmTelemetry telemetry;
  private final ChatModel chat;
  private final StreamingChatModel streaming;
  private final EmbeddingModel embeddings;
  private final List<String> townTalk = Collections.synchronizedList(new ArrayList<>());
  private final List<Agent> agents = new ArrayList<>();

  Simulation(
      SimulationConfig config,
      LlmTelemetry telemetry,
      ChatModel chat,
      StreamingChatModel streaming,
      EmbeddingModel embeddings) {
    this.config = config;
    this.telemetry = telemetry;
    this.chat = chat;
    this.streaming = streaming;
    this.embeddings = embeddings;
    for (int i = 0; i < config.agents(); i++) {
      agents.add(
          new Agent(
              "agent-" + (i + 1),
              PEOPLE[i][0],
              PEOPLE[i][1],
              new ArrayList<>(),
              new ArrayList<>(),
              new ArrayList<>()));
    }
  }

  /** Runs every round; {@code afterRound} is told each finished round's number. */
  void run(IntConsumer afterRound) throws InterruptedException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            config.parallelism(),
            r -> {
              Thread t = new Thread(r, "agent-worker");
              t.setDaemon(true);
              return t;
            });
    try {
      for (int round = 1; round <= config.rounds(); round++) {
        List<Future<?>> turns = new ArrayList<>();
        for (Agent agent : agents) {
          int turnNumber = round;
          turns.add(pool.submit(() -> takeTurn(agent, turnNumber)));
        }
        for (Future<?> f : turns) {
          try {
            f.get(5, TimeUnit.MINUTES);
          } catch (java.util.concurrent.ExecutionException
              | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("a turn did not finish", e);
          }
        }
        afterRound.accept(round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void takeTurn(Agent agent, int turnNumber) {
    try (AgentTurn turn =
        telemetry
            .agentTurn(agent.name())
            .setAgentId(agent.id())
            .setDescription(agent.role())
            .setConversationId("village-" + config.seed())
            .setTurnNumber(turnNumber)
            .start()) {
      JsonNode plan = plan(agent);
      String tool = plan.path("tool").asText("none");
      String observation = "";
      if (tool.equals("recall_memory") || tool.equals("look_around")) {
        observation = useTool(agent, tool, plan.path("topic").asText("the village"), turnNumber);
      }
      try {
        String line = speak(agent, plan, observation);
        synchronized (agent) {
          agent.memories().add(line);
          if (agent.memories().size() > 12) {
            agent.memories().remove(0);
          }
        }
        townTalk.add(agent.name() + ": " + line);
      } catch (RuntimeException e) {
        turn.fail(e); // the agent lost its turn; the LLM span says why
      }
      if (turnNumber % 3 == 0) {
        consolidate(agent);
      }
    }
  }

  private JsonNode plan(Agent agent) {
    try (Scope ignored = CallLabel.makeCurrent("planning")) {
      ChatResponse response =
          chat.chat(
              ChatRequest.builder()
                  .messages(
                      system(agent),
                      UserMessage.from(
                          "Recent talk: "
                              + recentTalk()
                              + "\nDecide your next move. Answer as JSON with fields intent, tool "
                              + "(recall_memory, look_around or none) and topic."))
                  .responseFormat(ResponseFormat.JSON)
                  .build());
      return JSON.readTree(response.aiMessage().text());
    } catch (Exception e) {
      // A failed or unparseable plan: the agent just talks (the span carries the failure).
      return JSON.createObjectNode()
          .put("intent", "talk")
          .put("tool", "none")
          .put("topic", "the weather");
    }
  }

  private String useTool(Agent agent, String tool, String topic, int turnNumber) {
    try (ToolExecution call =
        telemetry
            .toolExecution(tool)
            .setCallId(agent.id() + "-" + turnNumber)
            .setDescription(
                tool.equals("recall_memory")
                    ? "Recall the memory closest to a topic"
                    : "Describe the surroundings")
            .setArguments("{\"topic\":\"" + topic.replace("\"", "") + "\"}")
            .start()) {
      String result;
      if (tool.equals("look_around")) {
        result = "The square is busy; " + townTalk.size() + " things were said today.";
      } else {
        result = recall(agent, topic);
      }
      call.end(result);
      return result;
    } catch (RuntimeException e) {
      return "";
    }
  }

  private String recall(Agent agent, String topic) {
    List<Embedding> vectors;
    List<String> summaries;
    synchronized (agent) {
      summaries = new ArrayList<>(agent.summaries());
      vectors = new ArrayList<>(agent.vectors());
    }
    if (vectors.isEmpty()) {
      return "nothing comes to mind";
    }
    Embedding query;
    try (Scope ignored = CallLabel.makeCurrent("memory_recall")) {
      query = embeddings.embed(topic).content();
    }
    int best = 0;
    double bestScore = -2;
    for (int i = 0; i < vectors.size(); i++) {
      double score = cosine(query.vector(), vectors.get(i).vector());
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return summaries.get(best);
  }

  private String speak(Agent agent, JsonNode plan, String observation) {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    try (Scope ignored = CallLabel.makeCurrent("dialogue")) {
      streaming.chat(
          ChatRequest.builder()
              .messages(
                  system(agent),
                  UserMessage.from(
                      "You want to "
                          + plan.path("intent").asText("talk")
                          + " about "
                          + plan.path("topic").asText("the village")
                          + ". "
                          + observation
                          + "\nRecent talk: "
                          + recentTalk()
                          + "\nSay one line."))
              .build(),
          new StreamingChatResponseHandler() {
            @Override
            public void onCompleteResponse(ChatResponse response) {
              done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
              done.completeExceptionally(error);
            }
          });
    }
    try {
      return done.get(2, TimeUnit.MINUTES).aiMessage().text();
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException("dialogue did not finish", e);
    }
  }

  private void consolidate(Agent agent) {
    List<String> memories;
    synchronized (agent) {
      memories = new ArrayList<>(agent.memories());
    }
    try {
      String summary;
      try (Scope ignored = CallLabel.makeCurrent("memory_consolidation")) {
        summary =
            chat.chat(
                    ChatRequest.builder()
                        .messages(
                            system(agent),
                            UserMessage.from(
                                "Summarize what you remember in one sentence: "
                                    + String.join(" | ", memories)))
                        .build())
                .aiMessage()
                .text();
      }
      Embedding vector;
      try (Scope ignored = CallLabel.makeCurrent("memory_embedding")) {
        vector = embeddings.embed(summary).content();
      }
      synchronized (agent) {
        agent.summaries().add(summary);
        agent.vectors().add(vector);
      }
    } catch (RuntimeException e) {
      // Consolidation is best effort; its span records the failure.
    }
  }

  private SystemMessage system(Agent agent) {
    return SystemMessage.from(
        "You are "
            + agent.name()
            + ", "
            + agent.role()
            + ", in a small village. Stay in character and be brief.");
  }

  private String recentTalk() {
    synchronized (townTalk) {
      return String.join(
          " / ", townTalk.subList(Math.max(0, townTalk.size() - 3), townTalk.size()));
    }
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
