package dev.tokenry.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts Debian's headless Chromium through Debian's chromedriver for the browser tests, installing
 * both packages first when they are missing. Never skips: without a browser the tests fail with a
 * message saying what to install. Selenium is pointed at both binaries explicitly, so Selenium
 * Manager never tries to download anything. Used by every module's browser tests (the examples'
 * {@link TokenPageBrowserContract} runs); a module using it brings {@code selenium-java} itself
 * (test-support declares it optional).
 */
public final class HeadlessChromium {

  /** Debian's Chromium. */
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** Debian's chromedriver. */
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /** Installs {@code chromium} and {@code chromium-driver} with apt-get when either is missing. */
  public static synchronized void ensureInstalled() {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
      return;
    }
    String how = "Install them with: apt-get update && apt-get install -y chromium chromium-driver";
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException(
          "The browser tests need "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + " (Debian packages chromium and chromium-driver), and only root can install them"
              + " automatically. "
              + how);
    }
    run(List.of("apt-get", "update", "-q"), how);
    run(
        List.of(
            "apt-get",
            "install",
            "-y",
            "-q",
            "--no-install-recommends",
            "chromium",
            "chromium-driver"),
        how);
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException(
          "apt-get ran but " + CHROMIUM + " or " + CHROMEDRIVER + " is still missing. " + how);
    }
  }

  private static void run(List<String> command, String how) {
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(new File("target/apt-get.log"));
      builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process process = builder.start();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", command) + " took over 10 minutes. " + how);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " failed with exit code "
                + process.exitValue()
                + " (see target/apt-get.log). "
                + how);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "Could not run " + String.join(" ", command) + ": " + e.getMessage() + ". " + how, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while installing Chromium", e);
    }
  }

  /**
   * Starts a fresh headless browser with its own empty profile.
   *
   * @param profile a new directory for the browser profile
   * @return the driver; quit it when done
   */
  public static ChromeDriver start(Path profile) {
    ensureInstalled();
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogOutput(System.err)
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        "--window-size=1360,1100",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }
}
