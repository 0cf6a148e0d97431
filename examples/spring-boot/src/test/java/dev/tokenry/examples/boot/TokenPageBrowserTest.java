package dev.tokenry.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.testsupport.TokenPageBrowserContract;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The library's token page as the Spring Boot example serves it (at the admin mount {@code
 * /admin/api/}), driven through a real headless Chromium by test-support's shared scenario. The
 * browser signs in through Spring Security's own form login, and every change the page makes
 * (create, edit, regenerate, delete) passes Spring's CSRF check by echoing the {@code XSRF-TOKEN}
 * cookie in {@code X-XSRF-TOKEN}. Screenshots land in {@code
 * examples/spring-boot/target/screenshots/}.
 */
class TokenPageBrowserTest extends TokenPageBrowserContract {

  private ConfigurableApplicationContext app;

  @Override
  protected Host start() {
    app =
        ExampleApplication.start(
            "--server.port=0",
            "--spring.datasource.url=jdbc:h2:mem:boot-browser-"
                + System.nanoTime()
                + ";DB_CLOSE_DELAY=-1",
            // "Last active" must change while the scenario waits.
            "--tokenry.last-used.flush-interval=300ms");
    URI base =
        URI.create(
            "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/");
    return new Host() {
      @Override
      public URI page() {
        return base.resolve("admin/api/");
      }

      @Override
      public URI base() {
        return base;
      }

      @Override
      public void signIn(WebDriver driver, String user) {
        // A fresh session each time: the page asks for the sign-in, Spring Security saves that
        // request and sends the browser back to it once the form login succeeded.
        driver.get(base.resolve("login").toString());
        driver.manage().deleteAllCookies();
        driver.get(page().toString());
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        wait.until(d -> d.getCurrentUrl().equals(base.resolve("login").toString()));
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(DemoSecurity.DEMO_PASSWORD);
        driver.findElement(By.cssSelector("button[type='submit']")).click();
        // Back on the page (the saved request, "?continue" dropped or not) with a session: only
        // then is the sign-in complete, so that the next navigation cannot cancel it.
        wait.until(
            d ->
                d.getCurrentUrl().startsWith(page().toString())
                    && d.manage().getCookieNamed("JSESSIONID") != null);
      }
    };
  }

  @Override
  protected void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  @Order(100)
  void pageWhenSignedInThroughFormLoginThenTheSessionCookieIsHttpOnlyAndTheCsrfCookieReadable() {
    open("bob");
    WebDriver driver = driver();
    Cookie session = driver.manage().getCookieNamed("JSESSIONID");
    assertThat(session.isHttpOnly()).isTrue();
    // Spring's csrf.spa(): the page reads this cookie and echoes it in X-XSRF-TOKEN.
    Cookie xsrf = driver.manage().getCookieNamed("XSRF-TOKEN");
    assertThat(xsrf).isNotNull();
    assertThat(xsrf.isHttpOnly()).isFalse();
  }
}
