package io.otelllm.integration.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every public or protected type, method, constructor and field of the published modules — internal
 * packages included — has a Javadoc comment, and every package a {@code package-info}. (javac's
 * doclint, on in those modules, checks what comments say; it cannot require them without also
 * requiring a tag for every parameter.) The sources are parsed with the JDK's own compiler API. The
 * Java agent extension is left out: it has no API, only the agent's advice (its classes are
 * documented, its advice methods are the agent's conventional onEnter/onExit).
 */
class PublicApiDocumentedTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "otel-llm-core",
        "otel-llm-langchain4j",
        "otel-llm-langchain4j-agentic",
        "otel-llm-exporters",
        "otel-llm-autoconfigure",
        "otel-llm-call-log",
        "otel-llm-report"
      })
  void everyPublicDeclarationHasJavadoc(String module) throws IOException {
    Path sources = Path.of("..", module, "src", "main", "java").toAbsolutePath().normalize();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertThat(files).isNotEmpty();
    List<String> undocumented = new ArrayList<>();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, null)) {
      JavacTask task =
          (JavacTask)
              javac.getTask(
                  null,
                  fileManager,
                  null,
                  List.of("-proc:none"),
                  null,
                  fileManager.getJavaFileObjectsFromPaths(files));
      DocTrees docs = DocTrees.instance(task);
      for (CompilationUnitTree unit : task.parse()) {
        new TreePathScanner<Void, Void>() {
          @Override
          public Void visitClass(ClassTree type, Void unused) {
            if (visible(type.getModifiers().getFlags(), getCurrentPath())) {
              require(type.getSimpleName().toString());
              return super.visitClass(type, unused);
            }
            return null; // nothing inside a hidden type is API
          }

          @Override
          public Void visitMethod(MethodTree method, Void unused) {
            boolean override =
                method.getModifiers().getAnnotations().stream()
                    .anyMatch(a -> a.getAnnotationType().toString().equals("Override"));
            if (!override && visible(method.getModifiers().getFlags(), getCurrentPath())) {
              require(method.getName().toString());
            }
            return null;
          }

          @Override
          public Void visitVariable(VariableTree field, Void unused) {
            if (getCurrentPath().getParentPath().getLeaf() instanceof ClassTree
                && visible(field.getModifiers().getFlags(), getCurrentPath())) {
              require(field.getName().toString());
            }
            return null;
          }

          private void require(String name) {
            if (docs.getDocCommentTree(getCurrentPath()) == null) {
              long line =
                  unit.getLineMap()
                      .getLineNumber(
                          docs.getSourcePositions()
                              .getStartPosition(unit, getCurrentPath().getLeaf()));
              undocumented.add(
                  sources.relativize(Path.of(unit.getSourceFile().toUri()))
                      + ":"
                      + line
                      + " "
                      + name);
            }
          }
        }.scan(unit, null);
        String file = unit.getSourceFile().getName();
        if (!file.endsWith("package-info.java")) {
          Path packageInfo =
              Path.of(unit.getSourceFile().toUri()).resolveSibling("package-info.java");
          if (!Files.exists(packageInfo)) {
            undocumented.add(
                "no package-info.java beside "
                    + sources.relativize(Path.of(unit.getSourceFile().toUri())));
          }
        }
      }
    }
    assertThat(undocumented).as("undocumented public declarations in %s", module).isEmpty();
  }

  /** Public, or protected; members of interfaces are public unless private. */
  static boolean visible(Set<Modifier> flags, TreePath path) {
    if (flags.contains(Modifier.PRIVATE)) {
      return false;
    }
    if (flags.contains(Modifier.PUBLIC) || flags.contains(Modifier.PROTECTED)) {
      return true;
    }
    Tree parent = path.getParentPath().getLeaf();
    return parent instanceof ClassTree owner
        && (owner.getKind() == Tree.Kind.INTERFACE || owner.getKind() == Tree.Kind.ANNOTATION_TYPE);
  }
}
