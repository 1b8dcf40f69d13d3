package io.otelllm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's Java blocks are compiled code, word for word: {@code ReadmeExamples}' regions in the
 * same order, and the langchain4j-agentic block from that module's {@code ReadmeAgenticExample} (it
 * needs langchain4j 1.19.0, which the examples do not use). A README example that would not
 * compile, or that drifted from the API, fails here.
 */
class ReadmeSnippetsTest {

  static final Path README = Path.of("..", "README.md");
  static final Path EXAMPLES =
      Path.of(
          "..",
          "examples",
          "src",
          "main",
          "java",
          "io",
          "otelllm",
          "examples",
          "readme",
          "ReadmeExamples.java");
  static final Path AGENTIC_EXAMPLE =
      Path.of(
          "..",
          "otel-llm-langchain4j-agentic",
          "src",
          "test",
          "java",
          "io",
          "otelllm",
          "langchain4j",
          "agentic",
          "ReadmeAgenticExample.java");

  @Test
  void everyJavaBlockOfTheReadmeIsCompiledCode() throws Exception {
    List<String> blocks = new ArrayList<>();
    Matcher m =
        Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README));
    while (m.find()) {
      blocks.add(m.group(1).stripTrailing());
    }
    List<String> examples = regions(EXAMPLES);
    List<String> agentic = regions(AGENTIC_EXAMPLE);
    assertThat(examples).as("regions in %s", EXAMPLES).isNotEmpty();
    assertThat(agentic).as("regions in %s", AGENTIC_EXAMPLE).hasSize(1);

    List<String> all = new ArrayList<>(examples);
    all.addAll(agentic);
    assertThat(blocks).as("the README's java blocks").containsExactlyInAnyOrderElementsOf(all);
    assertThat(blocks.stream().filter(examples::contains).toList())
        .as("the README's blocks from %s, in order", EXAMPLES)
        .containsExactlyElementsOf(examples);
  }

  static List<String> regions(Path file) throws IOException {
    List<String> regions = new ArrayList<>();
    Matcher r =
        Pattern.compile("// README: \\S+\\n(.*?)\\n\\s*// END README", Pattern.DOTALL)
            .matcher(Files.readString(file));
    while (r.find()) {
      regions.add(r.group(1).stripIndent().stripTrailing());
    }
    return regions;
  }
}
