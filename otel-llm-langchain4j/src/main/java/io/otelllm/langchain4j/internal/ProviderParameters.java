package io.otelllm.langchain4j.internal;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import io.otelllm.core.spi.LlmRequest;

/**
 * Request facts that only a provider's own parameter type carries (Ollama's seed).
 * langchain4j-ollama is an optional dependency: its classes are touched only when they are on the
 * classpath.
 */
final class ProviderParameters {
  private static final boolean OLLAMA_PRESENT =
      present("dev.langchain4j.model.ollama.OllamaChatRequestParameters");

  static void addTo(LlmRequest.Builder b, ChatRequestParameters p) {
    if (OLLAMA_PRESENT) {
      Ollama.addTo(b, p);
    }
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, ProviderParameters.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  // A nested class, so the Ollama type is resolved only when it is known to exist.
  private static final class Ollama {
    static void addTo(LlmRequest.Builder b, ChatRequestParameters p) {
      if (p instanceof dev.langchain4j.model.ollama.OllamaChatRequestParameters o) {
        b.setSeed(LangChain4jFacts.toLong(o.seed()));
      }
    }
  }

  private ProviderParameters() {}
}
