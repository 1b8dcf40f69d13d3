package io.otelllm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's Java blocks are the compiled {@code ReadmeExamples}' regions, word for word and in
 * the same order: a README example that would not compile, or that drifted from the API, fails
 * here.
 */
class ReadmeSnippetsTest {

  static final Path README = Path.of("..", "README.md");
  static final Path EXAMPLES =
      Path.of("src", "main", "java", "io", "otelllm", "examples", "readme", "ReadmeExamples.java");

  @Test
  void everyJavaBlockOfTheReadmeIsCompiledCode() throws Exception {
    List<String> blocks = new ArrayList<>();
    Matcher m =
        Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README));
    while (m.find()) {
      blocks.add(m.group(1).stripTrailing());
    }
    List<String> regions = new ArrayList<>();
    Matcher r =
        Pattern.compile("// README: \\S+\\n(.*?)\\n\\s*// END README", Pattern.DOTALL)
            .matcher(Files.readString(EXAMPLES));
    while (r.find()) {
      regions.add(r.group(1).stripIndent().stripTrailing());
    }
    assertThat(regions).as("regions in %s", EXAMPLES).isNotEmpty();
    assertThat(blocks).as("the README's java blocks").containsExactlyElementsOf(regions);
  }
}
