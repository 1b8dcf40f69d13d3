package io.otelllm.langchain4j.internal;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.memory.ChatMemoryAccess;
import io.opentelemetry.context.Context;
import io.otelllm.core.AgentTurn;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.spi.OtelLlmAttributes;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The traced face of an AI service: each call of one of its methods is an {@code invoke_agent} span
 * (through the core's agent turns, so it gets the same roll-ups), current while langchain4j runs
 * the call — the model calls and the tools of the invocation nest under it. A method that returns a
 * {@link TokenStream} gets its span when the stream starts, ended when it completes.
 *
 * <p>The agent's name is the one the application gave, else {@code Interface.method}; {@code
 * code.function.name} says which method it was, and the {@link MemoryId @MemoryId} argument is the
 * {@code gen_ai.conversation.id}.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
final class TracedAiService implements InvocationHandler {
  private static final int NO_MEMORY_ID = -1;

  private final Class<?> type;
  private final Object delegate;
  private final LlmTelemetry telemetry;
  private final @Nullable String agentName;
  private final AiServiceInvocations invocations;
  private final Map<Method, Integer> memoryIdIndexes = new ConcurrentHashMap<>();

  private TracedAiService(
      Class<?> type,
      Object delegate,
      LlmTelemetry telemetry,
      @Nullable String agentName,
      AiServiceInvocations invocations) {
    this.type = type;
    this.delegate = delegate;
    this.telemetry = telemetry;
    this.agentName = agentName;
    this.invocations = invocations;
  }

  /** {@code delegate}, langchain4j's implementation of {@code type}, traced. */
  static <T> T create(
      Class<T> type,
      T delegate,
      LlmTelemetry telemetry,
      @Nullable String agentName,
      AiServiceInvocations invocations) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            new TracedAiService(type, delegate, telemetry, agentName, invocations)));
  }

  @Override
  public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args)
      throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> args != null && proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> delegate.toString();
      };
    }
    if (method.isDefault()) {
      // Its calls of the interface's other methods come back through this proxy, traced.
      return InvocationHandler.invokeDefault(proxy, method, args);
    }
    if (method.getDeclaringClass() == ChatMemoryAccess.class) {
      return invokeDelegate(method, args);
    }
    AgentTurn.Builder turn = turn(method, args);
    if (method.getReturnType() == TokenStream.class) {
      return streaming(turn, method, args);
    }
    return turn.call(
            () -> {
              int toolDepth = ToolSpans.depth();
              AiServiceInvocations.Pending invocation = invocations.enter(Context.current());
              try {
                return new Returned(invokeDelegate(method, args));
              } finally {
                // Tools whose end langchain4j never reported end here, before their agent span.
                ToolSpans.unwindTo(toolDepth);
                invocations.leave(invocation);
              }
            })
        .value();
  }

  /** What the method returned: {@code null} is a fine answer of an AI service. */
  private record Returned(@Nullable Object value) {}

  private @Nullable Object streaming(AgentTurn.Builder turn, Method method, @Nullable Object[] args)
      throws Throwable {
    AiServiceInvocations.Pending invocation = invocations.enter(null);
    Object result;
    try {
      result = invokeDelegate(method, args);
    } catch (Throwable t) {
      // Failed before there was a stream: still an invocation of the agent, and a failed one.
      turn.start().fail(t);
      throw t;
    } finally {
      invocations.leave(invocation);
    }
    UUID invocationId = invocation.invocationId;
    if (result instanceof TokenStream stream && invocationId != null) {
      return new TracedTokenStream(stream, invocationId, turn, invocations);
    }
    return result;
  }

  private AgentTurn.Builder turn(Method method, @Nullable Object[] args) {
    String name = agentName != null ? agentName : type.getSimpleName() + "." + method.getName();
    AgentTurn.Builder turn =
        telemetry
            .agentTurn(name)
            .setAttribute(
                OtelLlmAttributes.CODE_FUNCTION_NAME, type.getName() + "." + method.getName());
    int memoryId = memoryIdIndexes.computeIfAbsent(method, TracedAiService::memoryIdIndex);
    if (memoryId != NO_MEMORY_ID && args != null && args[memoryId] != null) {
      turn.setConversationId(String.valueOf(args[memoryId]));
    }
    return turn;
  }

  private static int memoryIdIndex(Method method) {
    java.lang.reflect.Parameter[] parameters = method.getParameters();
    for (int i = 0; i < parameters.length; i++) {
      if (parameters[i].isAnnotationPresent(MemoryId.class)) {
        return i;
      }
    }
    return NO_MEMORY_ID;
  }

  private @Nullable Object invokeDelegate(Method method, @Nullable Object[] args) throws Throwable {
    if (Proxy.isProxyClass(delegate.getClass())) {
      // langchain4j's own proxy: no reflective access check (the interface may be package-private)
      // and its exceptions come as they are.
      return Proxy.getInvocationHandler(delegate).invoke(delegate, method, args);
    }
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw cause != null ? cause : e;
    }
  }
}
