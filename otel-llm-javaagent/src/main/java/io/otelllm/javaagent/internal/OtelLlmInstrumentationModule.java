package io.otelllm.javaagent.internal;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import com.google.auto.service.AutoService;
import io.opentelemetry.javaagent.extension.instrumentation.HelperResourceBuilder;
import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * otel-llm inside the OpenTelemetry Java agent: langchain4j's models, HTTP clients and AI services
 * traced with no code. {@code otel.instrumentation.otel-llm.enabled=false} turns it off.
 *
 * <p>The advice decides only where to hook; what a call records is the library's ({@code
 * ModelCalls}, the core), injected into the application's class loader as helper classes — the ones
 * {@link HelperClasses} lists, relocated in the extension jar so that an application with otel-llm
 * of its own never sees them.
 */
@AutoService(InstrumentationModule.class)
public final class OtelLlmInstrumentationModule extends InstrumentationModule {

  /** The name behind {@code otel.instrumentation.otel-llm.enabled}. */
  public static final String NAME = "otel-llm";

  public OtelLlmInstrumentationModule() {
    super(NAME, "otel-llm-langchain4j");
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    // langchain4j 1.x: the ChatRequest API every hooked method takes.
    return hasClassesNamed(
        "dev.langchain4j.model.chat.ChatModel", "dev.langchain4j.model.chat.request.ChatRequest");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new ChatModelInstrumentation(),
        new StreamingChatModelInstrumentation(),
        new EmbeddingModelInstrumentation(),
        new HttpClientBuilderInstrumentation(),
        new AiServicesInstrumentation(),
        new LibraryInstrumentation());
  }

  @Override
  public void registerHelperResources(HelperResourceBuilder helperResourceBuilder) {
    // The core's version (the spans' instrumentation scope version), next to its class.
    helperResourceBuilder.register("io/otelllm/core/internal/version.properties");
  }

  @Override
  public boolean isHelperClass(String className) {
    return HelperClasses.isHelper(className);
  }

  @Override
  public List<String> getAdditionalHelperClassNames() {
    return HelperClasses.NAMES;
  }
}
