package io.otelllm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the pages in {@code docs/}: their Java blocks are compiled code, word for word —
 * {@code ReadmeExamples}' regions, and the langchain4j-agentic block from that module's {@code
 * ReadmeAgenticExample} (it needs langchain4j 1.19.0, which the examples do not use) —, every
 * relative link resolves, and the README stays short enough to read (at most 250 lines).
 */
class DocsTest {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path README = ROOT.resolve("README.md");
  static final Path EXAMPLES =
      ROOT.resolve("examples/src/main/java/io/otelllm/examples/readme/ReadmeExamples.java");
  static final Path AGENTIC_EXAMPLE =
      ROOT.resolve(
          "otel-llm-langchain4j-agentic/src/test/java/io/otelllm/langchain4j/agentic/ReadmeAgenticExample.java");

  @Test
  void everyJavaBlockIsCompiledCodeAndEveryExampleIsShown() throws Exception {
    Map<String, String> regions = new LinkedHashMap<>(regions(EXAMPLES));
    regions.putAll(regions(AGENTIC_EXAMPLE));
    assertThat(regions).containsKeys("quickstart", "turns", "aiservices", "agentic", "core");

    List<String> shown = new ArrayList<>();
    for (Path page : pages()) {
      Matcher m =
          Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(page));
      while (m.find()) {
        String block = m.group(1).stripTrailing();
        assertThat(regions.values())
            .as("a Java block of %s is a compiled region", ROOT.relativize(page))
            .contains(block);
        shown.add(block);
      }
    }
    assertThat(shown).as("the compiled examples the pages show").containsAll(regions.values());
  }

  @Test
  void everyRelativeLinkResolves() throws Exception {
    List<String> broken = new ArrayList<>();
    Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    for (Path page : pages()) {
      Matcher m = link.matcher(Files.readString(page));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("[a-z]+:.*") || target.startsWith("#")) {
          continue;
        }
        Path file = page.getParent().resolve(target.replaceFirst("#.*$", "")).normalize();
        if (!Files.exists(file)) {
          broken.add(ROOT.relativize(page) + " -> " + target);
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  @Test
  void theReadmeFitsOnAFewScreens() throws Exception {
    assertThat(Files.readAllLines(README)).hasSizeLessThanOrEqualTo(250);
  }

  /** The README, the docs and the other READMEs of the repository. */
  static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(README));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    pages.add(ROOT.resolve("deploy/README.md"));
    pages.add(ROOT.resolve("benchmarks/README.md"));
    return pages;
  }

  /** The regions between {@code // README: name} and {@code // END README}, by name. */
  static Map<String, String> regions(Path file) throws IOException {
    Map<String, String> regions = new LinkedHashMap<>();
    Matcher r =
        Pattern.compile("// README: (\\S+)\\n(.*?)\\n\\s*// END README", Pattern.DOTALL)
            .matcher(Files.readString(file));
    while (r.find()) {
      regions.put(r.group(1), r.group(2).stripIndent().stripTrailing());
    }
    return regions;
  }
}
