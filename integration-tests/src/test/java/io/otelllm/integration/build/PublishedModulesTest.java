package io.otelllm.integration.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What is published agrees everywhere — the modules that deploy, the BOM, the README's table — and
 * each published POM stands on its own: flattened (no parent, every version written out), the Java
 * agent extension's without dependencies.
 */
class PublishedModulesTest {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void theDeployedModulesTheBomAndTheReadmeNameTheSameSet() throws Exception {
    TreeSet<String> deployed = new TreeSet<>();
    for (String module : modules(ROOT.resolve("pom.xml"))) {
      Document pom = xml(ROOT.resolve(module).resolve("pom.xml"));
      String skip = property(pom, "maven.deploy.skip");
      boolean bom = module.equals("otel-llm-bom");
      if ("false".equals(skip) || bom) {
        deployed.add(text(pom.getDocumentElement(), "artifactId"));
      }
    }

    TreeSet<String> inBom = new TreeSet<>(List.of("otel-llm-bom"));
    NodeList managed = xml(ROOT.resolve("otel-llm-bom/pom.xml")).getElementsByTagName("dependency");
    for (int i = 0; i < managed.getLength(); i++) {
      Element dependency = (Element) managed.item(i);
      if (text(dependency, "groupId").equals("io.otelllm")) {
        inBom.add(text(dependency, "artifactId"));
      }
    }

    TreeSet<String> inReadme = new TreeSet<>();
    Matcher row =
        Pattern.compile("(?m)^\\| `(otel-llm-[a-z0-9-]+)` \\|.*\\| yes \\|$")
            .matcher(Files.readString(ROOT.resolve("README.md")));
    while (row.find()) {
      inReadme.add(row.group(1));
    }

    assertThat(deployed).hasSize(9).isEqualTo(inBom).isEqualTo(inReadme);
  }

  @Test
  void eachPublishedPomStandsOnItsOwn() throws Exception {
    for (String module : modules(ROOT.resolve("pom.xml"))) {
      Document pom = xml(ROOT.resolve(module).resolve("pom.xml"));
      if (!"false".equals(property(pom, "maven.deploy.skip"))) {
        continue;
      }
      Path flattened = ROOT.resolve(module).resolve("target/flattened-pom.xml");
      assertThat(flattened).as("the POM %s installs", module).exists();
      Document published = xml(flattened);
      assertThat(published.getElementsByTagName("parent").getLength())
          .as("a parent in %s's published POM", module)
          .isZero();
      NodeList dependencies = published.getElementsByTagName("dependency");
      for (int i = 0; i < dependencies.getLength(); i++) {
        Element dependency = (Element) dependencies.item(i);
        assertThat(text(dependency, "version"))
            .as("%s: the version of %s", module, text(dependency, "artifactId"))
            .matches("[0-9][^$]*");
      }
      if (module.equals("otel-llm-javaagent")) {
        assertThat(dependencies.getLength()).as("the extension's dependencies").isZero();
      }
      if (module.equals("otel-llm-core")) {
        assertThat(Files.readString(flattened))
            .as("the incubator API of the API's own release")
            .contains("<artifactId>opentelemetry-api-incubator</artifactId>");
      }
    }
  }

  static List<String> modules(Path pom) throws Exception {
    List<String> modules = new ArrayList<>();
    NodeList list = xml(pom).getElementsByTagName("module");
    for (int i = 0; i < list.getLength(); i++) {
      modules.add(list.item(i).getTextContent().strip());
    }
    return modules;
  }

  static Document xml(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  static String property(Document pom, String name) {
    NodeList properties = pom.getElementsByTagName("properties");
    return properties.getLength() == 0 ? "" : text((Element) properties.item(0), name);
  }

  static String text(Element element, String child) {
    NodeList children = element.getElementsByTagName(child);
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i).getParentNode() == element) {
        return children.item(i).getTextContent().strip();
      }
    }
    return "";
  }
}
