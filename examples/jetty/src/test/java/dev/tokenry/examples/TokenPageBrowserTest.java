package dev.tokenry.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.testsupport.TokenPageBrowserContract;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The library's token page as the Jetty example serves it (at {@code /admin/api/}), driven through
 * a real headless Chromium by test-support's shared scenario; the demo's sign-in page stands in for
 * a login. Screenshots land in {@code examples/jetty/target/screenshots/}.
 */
class TokenPageBrowserTest extends TokenPageBrowserContract {

  private ExampleServer server;

  @Override
  protected Host start() throws Exception {
    Path run =
        Files.createDirectories(Path.of("target", "browser-test", "app-" + System.nanoTime()));
    server =
        ExampleServer.start(
            new AppOptions(
                0,
                AppOptions.DEFAULT_HOST,
                "jdbc:h2:" + run.resolve("db").toAbsolutePath(),
                "sa",
                "",
                "tkr",
                Duration.ofMillis(300),
                false));
    URI base = server.baseUri();
    return new Host() {
      @Override
      public URI page() {
        return base.resolve("/admin/api/");
      }

      @Override
      public URI base() {
        return base;
      }

      @Override
      public void signIn(WebDriver driver, String user) {
        driver.get(base.resolve("/demo/sign-in").toString());
        driver.findElement(By.cssSelector("button[name='user'][value='" + user + "']")).click();
        // The form's POST sets the cookie and redirects to the page; wait for it, so that the
        // next navigation cannot cancel the sign-in.
        new WebDriverWait(driver, Duration.ofSeconds(15))
            .until(d -> d.getCurrentUrl().equals(page().toString()));
      }
    };
  }

  @Test
  @Order(100)
  void pageWhenHostStylesheetGivenThenItsCustomPropertiesWinUnderTheStrictPolicy() {
    open("alice");
    WebDriver driver = driver();
    Object accent =
        ((JavascriptExecutor) driver)
            .executeScript(
                "return getComputedStyle(document.getElementById('create-button')).backgroundColor");
    // DemoSignInServlet.THEME sets --tokenry-color-accent: #0b6e4f.
    assertThat(accent).isEqualTo("rgb(11, 110, 79)");
    assertThat(driver.findElements(By.cssSelector("link[rel='stylesheet']")))
        .extracting(link -> link.getDomAttribute("href"))
        .last()
        .isEqualTo("/demo/theme.css");
  }

  @Override
  protected void stop() {
    if (server != null) {
      server.close();
    }
  }
}
