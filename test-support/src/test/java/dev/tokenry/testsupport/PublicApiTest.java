package dev.tokenry.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PublicApi} over small libraries compiled by the test itself, so that two versions of the
 * same class can be listed and compared.
 */
class PublicApiTest {

  private static final String SHELF =
      """
      package lib;

      import java.util.List;
      import java.util.Optional;

      /** A public class with members of every visibility. */
      public final class Shelf implements Comparable<Shelf> {
        public static final String NAME = "shelf";
        protected int size;
        int hidden;
        private final List<String> items = List.of();

        public Shelf() {}

        Shelf(int size) {}

        public <T extends CharSequence> Optional<T> find(List<? super T> into, String... names) {
          return Optional.empty();
        }

        public List<String> items() throws java.io.IOException {
          return items;
        }

        void packagePrivate() {}

        private void secret() {}

        @Override
        public int compareTo(Shelf other) {
          Runnable lambda = () -> secret();
          lambda.run();
          return 0;
        }

        /** Nested and public. */
        public static final class Entry {
          public Entry() {}
        }

        static final class Hidden {
          public void invisible() {}
        }
      }
      """;

  private static final String OTHERS =
      """
      package lib;

      /** Components and constants. */
      public record Book(String title, java.util.List<Integer> pages) {}
      """;

  private static final String KIND =
      """
      package lib;

      public enum Kind {
        PAPER, CLOTH {
          @Override
          public String toString() {
            return "cloth";
          }
        };
      }
      """;

  private static final String SEALED =
      """
      package lib;

      public sealed interface Cover permits HardCover, Soft {
        default String label() {
          return "cover";
        }
      }
      """;

  private static final String HARD_COVER =
      """
      package lib;

      public non-sealed class HardCover extends Base implements Cover {}
      """;

  private static final String SOFT =
      """
      package lib;

      final class Soft implements Cover {}
      """;

  private static final String BASE =
      """
      package lib;

      abstract class Base {
        public void exposedThroughSubclass() {}

        void notInherited() {}
      }
      """;

  private static final String INTERNAL =
      """
      package lib.internal;

      public class Machinery {
        public void run() {}
      }
      """;

  @TempDir Path temp;

  private String updateProperty;

  /** A build with -Dtokenry.api.update=true (rewriting the modules' files) still runs these. */
  @BeforeEach
  void clearUpdateProperty() {
    updateProperty = System.clearProperty(PublicApi.UPDATE_PROPERTY);
  }

  @AfterEach
  void restoreUpdateProperty() {
    if (updateProperty == null) {
      System.clearProperty(PublicApi.UPDATE_PROPERTY);
    } else {
      System.setProperty(PublicApi.UPDATE_PROPERTY, updateProperty);
    }
  }

  @Test
  void listingWhenLibraryCompiledThenShowsPublicAndProtectedApiOnly() throws IOException {
    String listing = PublicApi.listing(compile("v1", library(SHELF)));

    assertThat(listing)
        .contains(
            "public final class lib.Shelf implements Comparable<lib.Shelf>\n"
                + "  public static final String NAME\n"
                + "  protected int size\n"
                + "  public Shelf()\n"
                + "  public int compareTo(lib.Shelf)\n"
                + "  public <T extends CharSequence> java.util.Optional<T> find("
                + "java.util.List<? super T>, String...)\n"
                + "  public java.util.List<String> items() throws java.io.IOException\n",
            "public static final class lib.Shelf.Entry\n  public Entry()\n",
            "public record lib.Book(String title, java.util.List<Integer> pages)\n",
            "  public final boolean equals(Object)\n",
            "  public java.util.List<Integer> pages()\n",
            "public enum lib.Kind\n  enum constant PAPER\n  enum constant CLOTH\n",
            "  public static lib.Kind valueOf(String)\n",
            "public sealed interface lib.Cover permits lib.HardCover\n"
                + "  public default String label()\n",
            "public non-sealed class lib.HardCover implements lib.Cover\n"
                + "  public HardCover()\n"
                + "  public void exposedThroughSubclass()\n");
    assertThat(listing)
        .doesNotContain(
            "hidden",
            "Hidden",
            "invisible",
            "packagePrivate",
            "secret",
            "items\n",
            "Shelf(int)",
            "compareTo(Object)",
            "lambda$",
            "Soft",
            "Base",
            "notInherited",
            "Machinery",
            "internal",
            "$");
  }

  @Test
  void listingWhenPublicSignatureChangesThenChangesAndDiffShowsBothLines() throws IOException {
    String before = PublicApi.listing(compile("v1", library(SHELF)));
    String after =
        PublicApi.listing(
            compile(
                "v2",
                library(
                    SHELF
                        .replace(
                            "public List<String> items() throws java.io.IOException",
                            "public List<CharSequence> items() throws java.io.IOException")
                        .replace(
                            "List<String> items = List.of()",
                            "List<CharSequence> items = List.of()"))));

    assertThat(after).isNotEqualTo(before);
    assertThat(Diff.lines(before, after))
        .isEqualTo(
            "  public final class lib.Shelf implements Comparable<lib.Shelf>\n"
                + "-   public java.util.List<String> items() throws java.io.IOException\n"
                + "+   public java.util.List<CharSequence> items() throws java.io.IOException\n");
  }

  @Test
  void listingWhenOnlyPackagePrivateCodeChangesThenUnchanged() throws IOException {
    String before = PublicApi.listing(compile("v1", library(SHELF)));
    Map<String, String> refactored =
        library(
            SHELF
                .replace(
                    "void packagePrivate() {}", "String packagePrivate(int a) { return \"\"; }")
                .replace("int hidden;", "long hidden; private Object more;")
                .replace("Shelf(int size) {}", "Shelf(long size) {}"));
    refactored.put(
        "lib/Collaborator.java",
        "package lib;\n\nfinal class Collaborator {\n"
            + "  public Collaborator() {}\n\n  public void help() {}\n}\n");

    assertThat(PublicApi.listing(compile("v2", refactored))).isEqualTo(before);
  }

  @Test
  void checkWhenFileMatchesThenPassesAndWhenApiChangesThenFailsWithDiffAndUpdateCommand()
      throws IOException {
    Path classes = compile("v1", library(SHELF));
    Path apiFile = temp.resolve("shelf/api/lib.api");
    Files.createDirectories(apiFile.getParent());
    Files.writeString(apiFile, PublicApi.listing(classes));
    PublicApi.check(classes, apiFile);

    Path changed =
        compile(
            "v2",
            library(
                SHELF.replace(
                    "public Shelf() {}", "public Shelf() {}\n\n  public Shelf(String label) {}")));
    Throwable thrown = catchThrowable(() -> PublicApi.check(changed, apiFile));

    assertThat(thrown)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("differs from " + apiFile)
        .hasMessageContaining("+   public Shelf(String)\n")
        .hasMessageContaining("mvn -B verify -pl shelf -am -Dtokenry.api.update=true");
  }

  @Test
  void checkWhenFileMissingThenFailsAndWhenUpdatePropertySetThenWritesIt() throws IOException {
    Path classes = compile("v1", library(SHELF));
    Path apiFile = temp.resolve("shelf/api/lib.api");

    assertThat(catchThrowable(() -> PublicApi.check(classes, apiFile)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("No committed public API file")
        .hasMessageContaining("-Dtokenry.api.update=true");

    System.setProperty(PublicApi.UPDATE_PROPERTY, "true");
    PublicApi.check(classes, apiFile);
    System.clearProperty(PublicApi.UPDATE_PROPERTY);
    assertThat(Files.readString(apiFile)).isEqualTo(PublicApi.listing(classes));
    PublicApi.check(classes, apiFile);
  }

  private static Map<String, String> library(String shelf) {
    Map<String, String> sources = new java.util.LinkedHashMap<>();
    sources.put("lib/Shelf.java", shelf);
    sources.put("lib/Book.java", OTHERS);
    sources.put("lib/Kind.java", KIND);
    sources.put("lib/Cover.java", SEALED);
    sources.put("lib/HardCover.java", HARD_COVER);
    sources.put("lib/Soft.java", SOFT);
    sources.put("lib/Base.java", BASE);
    sources.put("lib/internal/Machinery.java", INTERNAL);
    return sources;
  }

  private Path compile(String version, Map<String, String> sources) throws IOException {
    Path sourceRoot = temp.resolve(version + "-src");
    Path classes = temp.resolve(version + "-classes");
    Files.createDirectories(classes);
    List<String> arguments = new ArrayList<>(List.of("--release", "17", "-d", classes.toString()));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = sourceRoot.resolve(source.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue(), StandardCharsets.UTF_8);
      arguments.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac.run(null, null, null, arguments.toArray(String[]::new)))
        .as("javac exit code")
        .isZero();
    return classes;
  }
}
