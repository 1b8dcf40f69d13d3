package io.otelllm.langchain4j.agentic;

import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import io.otelllm.langchain4j.LangChain4jTelemetry;

/**
 * The README's langchain4j-agentic block, compiled here (the examples module stays on langchain4j
 * 1.18.1): the region between {@code // README: name} and {@code // END README} is the block, word
 * for word ({@code ReadmeSnippetsTest} in the examples module compares them).
 */
@SuppressWarnings("unused") // the snippet declares what a reader would go on to use
final class ReadmeAgenticExample {

  private ReadmeAgenticExample() {}

  static void agentic(LangChain4jTelemetry lc4j, Object planner, Object speaker) {
    // README: agentic
    UntypedAgent day =
        AgenticServices.sequenceBuilder()
            .name("village_day")
            .subAgents(planner, speaker)
            .outputKey("line")
            .listener(AgenticTelemetry.listener(lc4j))
            .build();
    // END README
  }
}
