package io.otelllm.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code dev.langchain4j:langchain4j} (AiServices) is an optional dependency: an application that
 * only wraps models must be able to use the adapter without it. Loaded here from the test class
 * path minus that jar, in a class loader of its own.
 */
class WithoutAiServicesTest {

  @Test
  void theAdapterWrapsModelsWithoutLangchain4jsAiServicesOnTheClassPath() throws Exception {
    List<URL> urls = new ArrayList<>();
    boolean removed = false;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (name.matches("langchain4j-\\d.*\\.jar")) {
        removed = true;
        continue;
      }
      urls.add(Path.of(entry).toUri().toURL());
    }
    assertThat(removed).as("the langchain4j jar was on the test class path").isTrue();

    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      // langchain4j finds its HTTP client through the context class loader's ServiceLoader.
      thread.setContextClassLoader(loader);
      assertThatThrownBy(() -> loader.loadClass("dev.langchain4j.service.AiServices"))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> openTelemetry = loader.loadClass("io.opentelemetry.api.OpenTelemetry");
      Object noop = openTelemetry.getMethod("noop").invoke(null);
      // The entry point, as a framework would see it: every method's signature is resolved here.
      Class<?> adapter = loader.loadClass("io.otelllm.langchain4j.LangChain4jTelemetry");
      assertThat(adapter.getMethods()).extracting(Method::getName).contains("aiServices", "wrap");
      Object lc4j = adapter.getMethod("create", openTelemetry).invoke(null, noop);

      Class<?> chatModel = loader.loadClass("dev.langchain4j.model.chat.ChatModel");
      Object ollamaBuilder =
          loader
              .loadClass("dev.langchain4j.model.ollama.OllamaChatModel")
              .getMethod("builder")
              .invoke(null);
      Class<?> builderType = ollamaBuilder.getClass();
      builderType.getMethod("baseUrl", String.class).invoke(ollamaBuilder, "http://127.0.0.1:9");
      builderType.getMethod("modelName", String.class).invoke(ollamaBuilder, "llama3.2");
      Object model = builderType.getMethod("build").invoke(ollamaBuilder);
      Method wrap = adapter.getMethod("wrap", chatModel);
      Object wrapped = wrap.invoke(lc4j, model);

      assertThat(wrapped.getClass().getName())
          .isEqualTo("io.otelllm.langchain4j.internal.TracingChatModel");
      assertThat(wrapped.getClass().getClassLoader()).isSameAs(loader);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
