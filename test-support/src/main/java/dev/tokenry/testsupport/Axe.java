package dev.tokenry.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Runs axe-core (vendored from npm into this module's resources, see {@code
 * dev/tokenry/testsupport/axe/README.md}) on part of the page a WebDriver shows, and reports the
 * violations. Nothing is fetched at run time: the script is injected through WebDriver, which the
 * page's Content-Security-Policy does not govern.
 */
public final class Axe {

  /** The vendored axe-core version. */
  public static final String VERSION = "4.10.3";

  private static final String SOURCE = load();

  /** One rule an element broke. */
  public record Violation(String id, String impact, String help, List<String> targets) {

    /**
     * Returns whether axe rates it serious or critical.
     *
     * @return whether it must fail a test
     */
    public boolean seriousOrWorse() {
      return "serious".equals(impact) || "critical".equals(impact);
    }

    @Override
    public String toString() {
      return impact + " " + id + " (" + help + ") at " + targets;
    }
  }

  private Axe() {}

  /**
   * Checks the element the CSS selector names (and what is inside it) against the WCAG 2.1 A and AA
   * rules and axe's best practices.
   *
   * @param driver a driver showing the page
   * @param selector a CSS selector, such as {@code #token-dialog}
   * @return every violation found, of any impact
   */
  @SuppressWarnings("unchecked")
  public static List<Violation> check(WebDriver driver, String selector) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object'"))) {
      js.executeScript(SOURCE);
    }
    Object answer =
        js.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document.querySelector(arguments[0]), {runOnly: {type: 'tag', values:"
                + " ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
                + ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help:"
                + " v.help, targets: v.nodes.map(n => n.target.join(' '))}))))"
                + ".catch(e => done('axe failed: ' + e));",
            selector);
    if (answer instanceof String failure) {
      throw new IllegalStateException(failure);
    }
    List<Violation> violations = new ArrayList<>();
    for (Map<String, Object> v : (List<Map<String, Object>>) answer) {
      violations.add(
          new Violation(
              (String) v.get("id"),
              (String) v.get("impact"),
              (String) v.get("help"),
              List.copyOf((List<String>) v.get("targets"))));
    }
    return violations;
  }

  private static String load() {
    try (InputStream in = Axe.class.getResourceAsStream("axe/axe.min.js")) {
      if (in == null) {
        throw new IllegalStateException("axe/axe.min.js is missing from tokenry-test-support");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
