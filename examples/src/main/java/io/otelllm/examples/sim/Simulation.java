package io.otelllm.examples.sim;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolMemoryId;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import io.opentelemetry.context.Scope;
import io.otelllm.core.AgentTurn;
import io.otelllm.core.CallLabel;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.langchain4j.LangChain4jTelemetry;
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
 * A small society of agents taking turns. Each turn is an agent-turn span; inside it the agent's
 * planner — a langchain4j AI service with a chat memory per agent and two tools, {@code
 * recall_memory} and {@code look_around}, that the model may call before it answers with a plan as
 * JSON (its {@code invoke_agent} and {@code execute_tool} spans come from otel-llm, not from this
 * code) — then a streamed dialogue line, and every third turn of an agent a memory consolidation
 * whose summary is embedded. Agents of one round act in parallel on a thread pool; each turn's span
 * is started on the thread that runs it.
 */
final class Simulation {

  /** An agent; its consolidated summaries and their embeddings are kept index-aligned. */
  /** What an agent means to do next: the planner's answer. */
  record Plan(String intent, String topic) {}

  /** The agents' planner, one AI service for all of them: its chat memory is per agent. */
  interface Planner {
    @dev.langchain4j.service.SystemMessage(
        "You plan the next move of a villager in a small village. Use a tool when it helps; be"
            + " brief.")
    Plan plan(@MemoryId String agentId, @dev.langchain4j.service.UserMessage String situation);
  }

  /** The planner's tools; langchain4j runs them when the model asks. */
  final class VillageTools {
    @Tool("Recall the memory closest to a topic")
    public String recall_memory(@ToolMemoryId String agentId, @P("the topic") String topic) {
      return recall(agent(agentId), topic);
    }

    @Tool("Describe the surroundings")
    public String look_around() {
      return "The square is busy; " + townTalk.size() + " things were said today.";
    }
  }

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

  private final SimulationConfig config;
  private final LlmTelemetry telemetry;
  private final Planner planner;
  private final ChatModel chat;
  private final StreamingChatModel streaming;
  private final EmbeddingModel embeddings;
  private final List<String> townTalk = Collections.synchronizedList(new ArrayList<>());
  private final List<Agent> agents = new ArrayList<>();

  Simulation(
      SimulationConfig config,
      LangChain4jTelemetry lc4j,
      ChatModel chat,
      StreamingChatModel streaming,
      EmbeddingModel embeddings) {
    this.config = config;
    this.telemetry = lc4j.telemetry();
    this.planner =
        lc4j.aiServices()
            .builder(Planner.class)
            .chatModel(chat)
            .tools(new VillageTools())
            .chatMemoryProvider(agentId -> MessageWindowChatMemory.withMaxMessages(8))
            // The model is told what went wrong and plans on; the tool span records the failure.
            .toolExecutionErrorHandler(
                (error, context) -> ToolErrorHandlerResult.text("that failed: " + error))
            .build();
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
    AgentTurn turn =
        telemetry
            .agentTurn(agent.name())
            .setAgentId(agent.id())
            .setDescription(agent.role())
            .setConversationId("village-" + config.seed())
            .setTurnNumber(turnNumber)
            .start();
    RuntimeException lost = null;
    try (Scope ignored = turn.makeCurrent()) {
      Plan plan = plan(agent);
      try {
        String line = speak(agent, plan);
        synchronized (agent) {
          agent.memories().add(line);
          if (agent.memories().size() > 12) {
            agent.memories().remove(0);
          }
        }
        townTalk.add(agent.name() + ": " + line);
      } catch (RuntimeException e) {
        lost = e; // the agent lost its turn; the LLM span says why
      }
      if (turnNumber % 3 == 0) {
        consolidate(agent);
      }
    } catch (RuntimeException e) {
      turn.fail(e);
      throw e;
    }
    if (lost != null) {
      turn.fail(lost);
    } else {
      turn.end();
    }
  }

  private Plan plan(Agent agent) {
    try (Scope ignored = CallLabel.makeCurrent("planning")) {
      Plan plan =
          planner.plan(
              agent.id(),
              "You are "
                  + agent.name()
                  + ", "
                  + agent.role()
                  + ", in a small village. Recent talk: "
                  + recentTalk()
                  + "\nYou may recall_memory about a topic or look_around first. Then decide your"
                  + " next move: an intent (talk, trade, warn, ask or observe) and a topic.");
      if (plan == null || plan.intent() == null || plan.topic() == null) {
        throw new IllegalStateException("an incomplete plan: " + plan);
      }
      return plan;
    } catch (RuntimeException e) {
      // A failed or unparseable plan: the agent just talks (the planner's span says why).
      return new Plan("talk", "the weather");
    }
  }

  private Agent agent(String agentId) {
    for (Agent agent : agents) {
      if (agent.id().equals(agentId)) {
        return agent;
      }
    }
    throw new IllegalArgumentException("no agent " + agentId);
  }

  /** The agent's summary closest to {@code topic}; an embedding failure fails the tool. */
  private String recall(Agent agent, String topic) {
    Embedding query;
    try (Scope ignored = CallLabel.makeCurrent("memory_recall")) {
      query = embeddings.embed(topic).content();
    }
    List<Embedding> vectors;
    List<String> summaries;
    synchronized (agent) {
      summaries = new ArrayList<>(agent.summaries());
      vectors = new ArrayList<>(agent.vectors());
    }
    if (vectors.isEmpty()) {
      return "nothing comes to mind";
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

  private String speak(Agent agent, Plan plan) {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    try (Scope ignored = CallLabel.makeCurrent("dialogue")) {
      streaming.chat(
          ChatRequest.builder()
              .messages(
                  system(agent),
                  UserMessage.from(
                      "You want to "
                          + plan.intent()
                          + " about "
                          + plan.topic()
                          + ".\nRecent talk: "
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
