package io.otelllm.langchain4j.internal;

import dev.langchain4j.guardrail.GuardrailResult;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.observability.api.event.AiServiceEvent;
import dev.langchain4j.observability.api.event.GuardrailExecutedEvent;
import dev.langchain4j.observability.api.listener.AiServiceCompletedListener;
import dev.langchain4j.observability.api.listener.AiServiceErrorListener;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import dev.langchain4j.observability.api.listener.AiServiceStartedListener;
import dev.langchain4j.observability.api.listener.InputGuardrailExecutedListener;
import dev.langchain4j.observability.api.listener.OutputGuardrailExecutedListener;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.otelllm.core.AgentTurn;
import io.otelllm.core.internal.SafeLog;
import io.otelllm.core.spi.OtelLlmAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The AI-service invocations of one traced AI service that are still running, by langchain4j's
 * invocation id: the context of each one's agent span, for the tools that langchain4j runs on pool
 * threads, and the streaming ones' agent turns, ended by langchain4j's completion and error events.
 *
 * <p>An invocation learns its id from langchain4j's started event, which fires synchronously on the
 * invoking thread while the traced proxy waits for the call: the proxy leaves a {@link Pending} for
 * it in a thread-local.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
final class AiServiceInvocations {

  /**
   * Streams started and not yet completed. A stream that never completes (its application dropped
   * it) must not hold its turn forever: beyond this many, the oldest turn is ended as abandoned.
   */
  static final int MAX_OPEN_STREAMS = 10_000;

  /** One invocation on its way through the proxy, until langchain4j names it. */
  static final class Pending {
    final AiServiceInvocations owner;
    final @Nullable Context turnContext;
    final @Nullable Pending previous;
    volatile @Nullable UUID invocationId;

    Pending(AiServiceInvocations owner, @Nullable Context turnContext, @Nullable Pending previous) {
      this.owner = owner;
      this.turnContext = turnContext;
      this.previous = previous;
    }
  }

  /**
   * The innermost invocation entering on this thread, of any traced service: an AI service called
   * from a tool of another enters above it and leaves before the outer one goes on.
   */
  private static final ThreadLocal<@Nullable Pending> pending = new ThreadLocal<>();

  private final Map<UUID, Context> running = new ConcurrentHashMap<>();
  private final Map<UUID, AgentTurn> streams =
      new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, AgentTurn> eldest) {
          if (size() <= MAX_OPEN_STREAMS) {
            return false;
          }
          AgentTurn abandoned = eldest.getValue();
          abandoned.fail(
              new CancellationException(
                  "otel-llm: the stream did not complete before "
                      + MAX_OPEN_STREAMS
                      + " newer ones started"));
          return true;
        }
      };

  /**
   * Marks the start of an invocation on this thread ({@code turnContext} is its agent span's, or
   * {@code null} for a stream, whose turn starts with the stream). Always {@link #leave} it.
   */
  Pending enter(@Nullable Context turnContext) {
    Pending entered = new Pending(this, turnContext, pending.get());
    pending.set(entered);
    return entered;
  }

  /** Ends what {@link #enter} began: the invocation is no longer a parent for tools. */
  void leave(Pending entered) {
    UUID id = entered.invocationId;
    if (id != null && entered.turnContext != null) {
      running.remove(id);
    }
    Pending previous = entered.previous;
    if (previous == null) {
      pending.remove();
    } else {
      pending.set(previous);
    }
  }

  /** Registers a stream's agent turn, to be ended by langchain4j's completion or error event. */
  void streamStarted(UUID invocationId, AgentTurn turn) {
    synchronized (streams) {
      streams.put(invocationId, turn);
    }
  }

  /** Takes a stream's turn back (its start failed); {@code true} when it was still registered. */
  boolean streamEnded(UUID invocationId, AgentTurn turn) {
    synchronized (streams) {
      return streams.remove(invocationId, turn);
    }
  }

  /**
   * The context a tool of invocation {@code invocationId} runs under: its agent span, or, for an
   * invocation this service does not know, the current context.
   */
  Context parentOf(@Nullable UUID invocationId) {
    Context context = contextOf(invocationId);
    return context != null ? context : Context.current();
  }

  private @Nullable Context contextOf(@Nullable UUID invocationId) {
    if (invocationId == null) {
      return null;
    }
    Context context = running.get(invocationId);
    if (context != null) {
      return context;
    }
    AgentTurn stream;
    synchronized (streams) {
      stream = streams.get(invocationId);
    }
    return stream == null ? null : stream.context();
  }

  /** The listeners to register on the AI service. */
  List<AiServiceListener<?>> listeners() {
    // langchain4j logs a listener's exception and carries on; still, none may come from here.
    return List.of(
        (AiServiceStartedListener) event -> safely("an AI service start", () -> started(event)),
        (AiServiceCompletedListener)
            event -> safely("an AI service completion", () -> finished(event, null)),
        (AiServiceErrorListener)
            event -> safely("an AI service error", () -> finished(event, event.error())),
        (InputGuardrailExecutedListener)
            event -> safely("an input guardrail", () -> guardrail(event, "input")),
        (OutputGuardrailExecutedListener)
            event -> safely("an output guardrail", () -> guardrail(event, "output")));
  }

  private static void safely(String what, Runnable handler) {
    try {
      handler.run();
    } catch (Throwable t) {
      SafeLog.failure("recording " + what, t);
    }
  }

  private static @Nullable UUID idOf(AiServiceEvent event) {
    InvocationContext invocation = event.invocationContext();
    return invocation == null ? null : invocation.invocationId();
  }

  private void started(AiServiceEvent event) {
    UUID invocationId = idOf(event);
    Pending current = pending.get();
    if (current == null
        || current.owner != this
        || current.invocationId != null
        || invocationId == null) {
      return;
    }
    current.invocationId = invocationId;
    Context turnContext = current.turnContext;
    if (turnContext != null) {
      running.put(invocationId, turnContext);
    }
  }

  private void finished(AiServiceEvent event, @Nullable Throwable error) {
    UUID invocationId = idOf(event);
    if (invocationId == null) {
      return;
    }
    AgentTurn stream;
    synchronized (streams) {
      stream = streams.remove(invocationId);
    }
    if (stream != null) {
      if (error != null) {
        stream.fail(error);
      } else {
        stream.end();
      }
    }
  }

  private void guardrail(GuardrailExecutedEvent<?, ?, ?> event, String kind) {
    Context context = contextOf(idOf(event));
    if (context == null) {
      return;
    }
    GuardrailResult<?> result = event.result();
    var attributes =
        Attributes.builder()
            .put(OtelLlmAttributes.GUARDRAIL_NAME, event.guardrailName())
            .put(OtelLlmAttributes.GUARDRAIL_KIND, kind);
    if (result != null && result.result() != null) {
      attributes.put(
          OtelLlmAttributes.GUARDRAIL_RESULT, result.result().name().toLowerCase(Locale.ROOT));
    }
    if (event.duration() != null) {
      attributes.put(
          OtelLlmAttributes.GUARDRAIL_DURATION, event.duration().toNanos() / 1_000_000_000.0);
    }
    Span.fromContext(context).addEvent(OtelLlmAttributes.GUARDRAIL_EVENT, attributes.build());
  }
}
