package dev.tokenry.examples;

import dev.tokenry.testsupport.TokenPageBrowserContract;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

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
      }
    };
  }

  @Override
  protected void stop() {
    if (server != null) {
      server.close();
    }
  }
}
