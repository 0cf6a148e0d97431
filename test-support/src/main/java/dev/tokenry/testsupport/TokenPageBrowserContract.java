package dev.tokenry.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The library's API Tokens page, end to end in a real headless Chromium, against any host that
 * serves it: extend this class in the host's tests and say where the page is and how a browser
 * signs in as a demo user. Both example applications run it.
 *
 * <p>The host must serve the examples' demo data (docs/examples.md): organization {@code acme} with
 * projects {@code royalties} ("Royalties") and {@code catalog}, users alice (Owner), bob (Admin)
 * and carol (Member), permissions {@code contracts:read|write} and {@code royalties:read|write}
 * (Members hold the two {@code :read}); the demo API {@code GET /api/v1/me} and {@code GET
 * /api/projects/{projectId}/contracts} behind the bearer filter; and a last-used flush interval of
 * at most one second, so "Last active" changes while the test waits; an {@code AuditLog} on its
 * {@code Tokenry} (the Activity scenario reads the audit trail) and a maximum grace period of at
 * least one hour (the default is seven days). Tokens are set up through the page's own admin API
 * from inside the browser (same-origin fetch with the session), so the host's authentication, CSRF
 * included, is exercised as the page uses it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class TokenPageBrowserContract {

  /** How the test reaches the host. */
  public interface Host {

    /**
     * Returns the page's address, the admin servlet's mount with a trailing slash.
     *
     * @return such as {@code http://localhost:8080/admin/api/}
     */
    URI page();

    /**
     * Returns the host's base address, where {@code api/v1/me} is.
     *
     * @return such as {@code http://localhost:8080/}
     */
    URI base();

    /**
     * Makes the browser act as a demo user from now on (signs in through the host's login), and
     * returns only once the sign-in is complete (the session cookie set), so that the next
     * navigation cannot cancel it.
     *
     * @param driver the browser
     * @param user alice, bob or carol
     */
    void signIn(WebDriver driver, String user);
  }

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Host host;
  private ChromeDriver driver;
  private WebDriverWait wait;
  private HttpClient http;

  /**
   * Starts the host (once for all tests of the class).
   *
   * @return how to reach it
   * @throws Exception if it cannot start
   */
  protected abstract Host start() throws Exception;

  /**
   * Stops the host.
   *
   * @throws Exception if it cannot stop cleanly
   */
  protected abstract void stop() throws Exception;

  @BeforeAll
  void startBrowserAndHost() throws Exception {
    host = start();
    Path run =
        Files.createDirectories(Path.of("target", "browser-test", "run-" + System.nanoTime()));
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    driver = HeadlessChromium.start(run.resolve("chromium-profile"));
    wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    // The table is re-rendered after every change; a row found a moment ago may be replaced.
    wait.ignoring(StaleElementReferenceException.class);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  void stopBrowserAndHost() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    stop();
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void pageWhenOwnerCreatesCopiesUsesAndRegeneratesATokenThenEachStepShows() throws Exception {
    open("alice");
    click(By.id("create-button"));
    WebElement dialog = visible(By.id("token-dialog"));
    type(By.id("token-name"), "ci-deploy");
    type(By.id("token-description"), "Deploys from CI");
    select("token-scope").selectByVisibleText("Project: Royalties");
    select("token-expiry").selectByValue("7d");
    wait.until(d -> previewText().contains("will expire on"));
    String sevenDays = previewText();
    select("token-expiry").selectByValue("90d");
    wait.until(d -> previewText().contains("will expire on") && !previewText().equals(sevenDays));
    select("token-expiry").selectByValue("never");
    wait.until(d -> previewText().contains("never expire"));
    select("token-expiry").selectByValue("30d");
    wait.until(d -> previewText().contains("will expire on"));
    click(By.id("type-custom"));
    dialog.findElement(By.cssSelector("#permission-list input[value='contracts:read']")).click();
    dialog.findElement(By.cssSelector("#permission-list input[value='royalties:read']")).click();
    click(By.id("token-submit"));

    String plaintext = readShownOnce();
    assertThat(plaintext).startsWith("tkr_");
    driver.setPermission("clipboard-read", "granted");
    driver.setPermission("clipboard-write", "granted");
    click(By.id("secret-copy"));
    wait.until(d -> text("secret-copied").equals("Copied to the clipboard."));
    Object clipboard =
        js().executeAsyncScript(
                "const done = arguments[0]; navigator.clipboard.readText().then(done, e => done('' +"
                    + " e));");
    assertThat(clipboard).isEqualTo(plaintext);
    assertThat(text("secret-warning")).contains("won't be shown again");
    click(By.id("secret-close"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secret-dialog")));
    assertThat(driver.findElement(By.id("secret-value")).getDomProperty("value")).isEmpty();
    assertThat(driver.getPageSource()).doesNotContain(plaintext);
    assertThat(focusedId()).isEqualTo("create-button");

    WebElement row = row("ci-deploy");
    assertThat(row.getText()).contains("Deploys from CI", "Royalties", "Custom", "never");
    assertThat(row.findElement(By.cssSelector("td.scope-cell")).getText()).isEqualTo("Royalties");

    HttpResponse<String> me = bearerGet("api/v1/me", plaintext);
    assertThat(me.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(me.body());
    assertThat(body.path("organizationId").asText()).isEqualTo("acme");
    assertThat(body.path("projectId").asText()).isEqualTo("royalties");
    assertThat(body.path("permissions")).hasSize(2);
    assertThat(bearerGet("api/projects/royalties/contracts", plaintext).statusCode())
        .isEqualTo(200);
    assertThat(bearerGet("api/projects/catalog/contracts", plaintext).statusCode()).isEqualTo(403);

    wait.until(
        d -> {
          click(By.id("refresh-button"));
          return lastActive("ci-deploy").getText().startsWith("just now from ");
        });
    WebElement when = lastActive("ci-deploy").findElement(By.tagName("time"));
    assertThat(when.getDomAttribute("title"))
        .endsWith("UTC")
        .containsPattern("\\d{2}:\\d{2}:\\d{2}");

    recordRegenerateBodies();
    rowMenu("ci-deploy", "Regenerate");
    assertThat(visible(By.id("regenerate-text")).getText()).contains("ci-deploy");
    assertThat(driver.findElement(By.id("grace-none")).isSelected()).isTrue();
    assertThat(text("regenerate-hint")).contains("stops working immediately");
    click(By.id("regenerate-ok"));
    String regenerated = readShownOnce();
    assertThat(regenerated).startsWith("tkr_").isNotEqualTo(plaintext);
    assertThat(js().executeScript("return window.__regenerateBodies")).isEqualTo(List.of("none"));
    click(By.id("secret-close"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secret-dialog")));
    assertThat(bearerGet("api/v1/me", plaintext).statusCode()).isEqualTo(401);
    assertThat(bearerGet("api/v1/me", regenerated).statusCode()).isEqualTo(200);

    rowMenu("ci-deploy", "Edit");
    visible(By.id("token-dialog"));
    assertThat(driver.findElement(By.id("token-scope")).isEnabled()).isFalse();
    type(By.id("token-description"), "Deploys from CI, nightly");
    click(By.id("token-submit"));
    click(By.id("confirm-ok"));
    wait.until(d -> row("ci-deploy").getText().contains("Deploys from CI, nightly"));
  }

  @Test
  @Order(2)
  void pageWhenTheTokenChangedSinceTheFormOpenedThenTheSaveIsRefusedInWords() throws Exception {
    open("alice");
    JsonNode created =
        pageApi(
            "POST",
            "tokens",
            "{\"name\":\"stale-edit\",\"expiresIn\":\"30d\",\"type\":\"full-access\"}");
    String id = created.path("token").path("id").asText();
    click(By.id("refresh-button"));
    rowMenu("stale-edit", "Edit");
    visible(By.id("token-dialog"));

    // Someone else narrows the token while Alice's form is open.
    pageApi("PATCH", "tokens/" + id, "{\"type\":\"read-only\"}");

    type(By.id("token-description"), "Alice's edit");
    click(By.id("token-submit"));
    click(By.id("confirm-ok"));

    WebElement error = visible(By.id("token-form-error"));
    assertThat(error.getText()).contains("Someone changed this token after you opened the form");
    JsonNode now = pageApi("GET", "tokens/" + id, null);
    assertThat(now.path("type").asText()).isEqualTo("read-only");
    assertThat(now.path("description").asText()).isEmpty();
    wait.until(d -> row("stale-edit").getText().contains("Read-only"));
    click(By.id("token-cancel"));
  }

  @Test
  @Order(3)
  void pageWhenOneDeletedAndTwoBulkDeletedThenGoneAndTheFilterFindsTheRest() throws Exception {
    open("alice");
    for (String name : List.of("delete-me", "bulk-one", "bulk-two", "keep-me")) {
      createThroughApi(name, "30d");
    }
    click(By.id("refresh-button"));
    rowMenu("delete-me", "Delete");
    assertThat(visible(By.id("confirm-text")).getText()).contains("cannot be undone");
    click(By.id("confirm-ok"));
    wait.until(d -> !names().contains("delete-me"));

    row("bulk-one").findElement(By.cssSelector("input.row-check")).click();
    row("bulk-two").findElement(By.cssSelector("input.row-check")).click();
    assertThat(text("selection-count")).isEqualTo("2 selected");
    click(By.id("bulk-menu-button"));
    click(By.id("delete-selected"));
    assertThat(visible(By.id("confirm-text")).getText()).contains("2 selected tokens");
    click(By.id("confirm-ok"));
    wait.until(d -> names().stream().noneMatch(n -> n.startsWith("bulk-")));
    assertThat(names()).contains("keep-me");

    type(By.id("name-filter"), "keep");
    wait.until(d -> names().equals(List.of("keep-me")));
  }

  @Test
  @Order(4)
  void pageWhenMoreTokensThanAPageThenLoadMoreShowsTheRest() throws Exception {
    open("bob");
    for (int i = 1; i <= 21; i++) {
      createThroughApi(String.format("paged-%02d", i), "7d");
    }
    type(By.id("name-filter"), "paged-");
    wait.until(d -> names().size() == 20 && names().stream().allMatch(n -> n.startsWith("paged-")));
    click(By.id("load-more"));
    wait.until(d -> names().size() == 21);
    assertThat(names()).doesNotHaveDuplicates();
    assertThat(driver.findElement(By.id("load-more")).isDisplayed()).isFalse();
  }

  @Test
  @Order(5)
  void pageWhenAnEarlierFilterAnswersLastThenTheLaterFilterIsShown() {
    open("bob");
    // Hold back every list answer for the "slow" filter, so it arrives after the later one.
    js().executeScript(
            "const real = window.fetch;"
                + "window.fetch = (url, init) => String(url).includes('name=paged-0')"
                + " ? new Promise(r => setTimeout(r, 1500)).then(() => real(url, init))"
                + " : real(url, init);");
    type(By.id("name-filter"), "paged-0");
    sleep(400);
    type(By.id("name-filter"), "paged-21");
    wait.until(d -> names().equals(List.of("paged-21")));
    sleep(2000);
    assertThat(names()).containsExactly("paged-21");
  }

  @Test
  @Order(6)
  void pageWhenMemberThenOrganizationTokensRefusedAndPersonalTokensCutToTheirPermissions()
      throws Exception {
    open("carol");
    assertThat(visible(By.id("member-notice")).getText())
        .contains("Organization tokens need an Owner or Admin");
    assertThat(names()).doesNotContain("keep-me", "ci-deploy");

    click(By.id("create-button"));
    visible(By.id("token-dialog"));
    assertThat(driver.findElement(By.id("kind-organization")).isEnabled()).isFalse();
    assertThat(driver.findElement(By.id("kind-personal")).isSelected()).isTrue();
    assertThat(visible(By.id("kind-note")).getText())
        .contains("Organization tokens need an Owner or Admin");
    assertThat(
            driver
                .findElement(By.cssSelector("#permission-list input[value='contracts:write']"))
                .findElement(By.xpath(".."))
                .getDomProperty("textContent"))
        .contains("you do not hold this");
    type(By.id("token-name"), "carol-write");
    click(By.id("type-custom"));
    driver.findElement(By.cssSelector("#permission-list input[value='contracts:write']")).click();
    click(By.id("token-submit"));
    // A personal token carries its owner's permissions: issued, and cut to them at every request.
    String plaintext = readShownOnce();
    click(By.id("secret-close"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secret-dialog")));
    HttpResponse<String> me = bearerGet("api/v1/me", plaintext);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(me.body()).path("permissions").toString()).isEqualTo("[]");

    Map<String, Object> refused =
        pageFetch(
            "POST", "tokens", "{\"name\":\"org\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}");
    assertThat(refused.get("status")).isEqualTo(403L);
    assertThat((String) refused.get("body")).contains("Only Owners and Admins");
  }

  @Test
  @Order(7)
  void pageWhenUsedByKeyboardOnlyThenEveryStepIsReachableAndFocusReturns() {
    open("alice");
    tabUntil("create-button", 10);
    keys(Keys.ENTER);
    wait.until(d -> "token-name".equals(focusedId()));
    keys("keyboard-token");
    keys(Keys.ENTER); // implicit submission of the form
    String plaintext = readShownOnce();
    assertThat(plaintext).startsWith("tkr_");
    keys(Keys.ESCAPE);
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secret-dialog")));
    wait.until(d -> "create-button".equals(focusedId()));

    WebElement menuButton =
        row("keyboard-token").findElement(By.cssSelector("button.row-menu-button"));
    tabUntilElement(menuButton, 40);
    keys(Keys.ENTER);
    wait.until(d -> "Edit".equals(driver.switchTo().activeElement().getText()));
    keys(Keys.ESCAPE);
    wait.until(d -> menuButton.equals(driver.switchTo().activeElement()));
    keys(Keys.ENTER);
    wait.until(d -> "Edit".equals(driver.switchTo().activeElement().getText()));
    keys(Keys.ENTER);
    visible(By.id("token-dialog"));
    wait.until(d -> "token-name".equals(focusedId()));
    keys(Keys.ESCAPE);
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("token-dialog")));
  }

  @Test
  @Order(8)
  void pageWhenCheckedWithAxeThenTheTableAndEveryDialogHaveNoSeriousViolations() throws Exception {
    open("alice");
    assertAccessible("#tokens-table");
    assertAccessible("main");

    click(By.id("create-button"));
    visible(By.id("token-dialog"));
    click(By.id("type-custom"));
    assertAccessible("#token-dialog");
    click(By.id("type-read-only"));
    click(By.id("token-submit")); // no name: the form shows its errors, which must be accessible
    visible(By.id("token-form-error"));
    assertAccessible("#token-dialog");
    type(By.id("token-name"), "axe-check");
    click(By.id("token-submit"));
    readShownOnce();
    assertAccessible("#secret-dialog");
    click(By.id("secret-close"));

    rowMenu("axe-check", "Edit");
    visible(By.id("token-dialog"));
    assertAccessible("#token-dialog");
    click(By.id("token-cancel"));

    rowMenu("axe-check", "Delete");
    visible(By.id("confirm-dialog"));
    assertAccessible("#confirm-dialog");
    click(By.id("confirm-cancel"));

    open("carol");
    assertAccessible("main");
  }

  @Test
  @Order(9)
  void pageWhenShownAt360To1400PixelsThenNothingOverflowsAndTheTokenIsWhole() throws Exception {
    open("alice");
    createThroughApi("a-token-with-a-rather-long-name-for-a-narrow-screen", "never");
    try {
      for (int width : List.of(360, 768, 1400)) {
        viewport(width, width < 700 ? 780 : 900);
        open("alice");
        wait.until(d -> !names().isEmpty());
        assertThat(scrollWidth()).as("page width at %d px", width).isLessThanOrEqualTo(width);
        screenshot("tokens-" + width + ".png");

        click(By.id("create-button"));
        visible(By.id("token-dialog"));
        assertThat(scrollWidth()).as("create dialog at %d px", width).isLessThanOrEqualTo(width);
        screenshot("create-dialog-" + width + ".png");
        type(By.id("token-name"), "width-" + width);
        click(By.id("token-submit"));
        String plaintext = readShownOnce();
        WebElement field = driver.findElement(By.id("secret-value"));
        // The whole value is visible: nothing is scrolled out of the field.
        assertThat(
                ((Number) js().executeScript("return arguments[0].scrollWidth", field)).intValue())
            .as("show-once field at %d px", width)
            .isLessThanOrEqualTo(
                ((Number) js().executeScript("return arguments[0].clientWidth", field)).intValue());
        assertThat(
                ((Number) js().executeScript("return arguments[0].scrollHeight", field)).intValue())
            .isLessThanOrEqualTo(
                ((Number) js().executeScript("return arguments[0].clientHeight", field)).intValue()
                    + 1);
        assertThat(plaintext).startsWith("tkr_");
        assertThat(scrollWidth()).as("show-once dialog at %d px", width).isLessThanOrEqualTo(width);
        screenshot("show-once-" + width + ".png");
        click(By.id("secret-close"));
      }
    } finally {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }

  @Test
  @Order(10)
  void pageWhenLoadedThenContextFetchedOnceAndTheFaviconIsTheLibrarys() throws Exception {
    open("alice");
    Object contextFetches =
        js().executeScript(
                "return performance.getEntriesByType('resource')"
                    + ".filter(e => new URL(e.name).pathname.endsWith('/context')).length");
    assertThat(contextFetches).isEqualTo(1L);
    String icon = driver.findElement(By.cssSelector("link[rel='icon']")).getDomProperty("href");
    assertThat(icon).startsWith(host.page().toString() + "assets/favicon-").endsWith(".svg");
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(icon)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("image/svg+xml"));
  }

  @Test
  @Order(11)
  void pageWhenTokensExpireSoonOrNeverThenTheTableSaysSoAndTheFormOffersOnlyThePolicysChoices()
      throws Exception {
    open("alice");
    JsonNode expiry = pageApi("GET", "context", null).path("expiry");
    List<String> presets = new java.util.ArrayList<>();
    expiry.path("presets").forEach(p -> presets.add(p.asText()));

    click(By.id("create-button"));
    visible(By.id("token-dialog"));
    List<String> offered = new java.util.ArrayList<>(presets);
    offered.add("date");
    assertThat(optionValues("token-expiry")).isEqualTo(offered);
    type(By.id("token-name"), "expiring-soon");
    select("token-expiry").selectByValue("7d");
    assertThat(driver.findElement(By.id("expiry-never-warning")).isDisplayed()).isFalse();
    click(By.id("token-submit"));
    readShownOnce();
    click(By.id("secret-close"));
    WebElement soon = row("expiring-soon").findElement(By.cssSelector(".expiry-badge"));
    assertThat(soon.getText()).isEqualTo("expires in 7 days");

    // "Never": a warning in the form, and a warning badge in the table.
    click(By.id("create-button"));
    visible(By.id("token-dialog"));
    type(By.id("token-name"), "never-ending");
    select("token-expiry").selectByValue("never");
    assertThat(visible(By.id("expiry-never-warning")).getText()).contains("never expires");
    assertAccessible("#token-dialog");
    click(By.id("token-submit"));
    readShownOnce();
    click(By.id("secret-close"));
    WebElement never = row("never-ending").findElement(By.cssSelector(".expiry-badge"));
    assertThat(never.getText()).isEqualTo("Never expires");
    assertThat(never.getDomAttribute("class")).contains("warn-badge");

    // An explicit date: min today (UTC), max the policy's latest expiry, sent as expiresAt.
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    click(By.id("create-button"));
    visible(By.id("token-dialog"));
    type(By.id("token-name"), "dated");
    select("token-expiry").selectByValue("date");
    WebElement date = visible(By.id("token-expiry-date"));
    assertThat(date.getDomAttribute("min")).isEqualTo(today.toString());
    if (expiry.path("latestExpiresAt").isTextual()) {
      assertThat(date.getDomAttribute("max"))
          .isEqualTo(expiry.path("latestExpiresAt").asText().substring(0, 10));
    }
    assertThat(previewText()).isEqualTo("Pick a date.");
    click(By.id("token-submit"));
    assertThat(visible(By.id("token-expiry-error")).getText()).contains("Pick the day");
    setDate(today.plusDays(3).toString());
    wait.until(d -> previewText().contains("will expire on"));
    assertAccessible("#token-dialog");
    screenshotAt(360, "create-dialog-date-360.png");
    click(By.id("token-submit"));
    readShownOnce();
    click(By.id("secret-close"));
    assertThat(row("dated").findElement(By.cssSelector(".expiry-badge")).getText())
        .isEqualTo("expires in 4 days");
    String datedId = row("dated").getDomAttribute("data-token-id");
    assertThat(pageApi("GET", "tokens/" + datedId, null).path("expiresAt").asText())
        .isEqualTo(today.plusDays(3) + "T23:59:59Z");

    // A refused date is shown on the expiry field, in the API's words.
    click(By.id("create-button"));
    visible(By.id("token-dialog"));
    type(By.id("token-name"), "dated-in-the-past");
    select("token-expiry").selectByValue("date");
    setDate("2020-01-01");
    click(By.id("token-submit"));
    assertThat(visible(By.id("token-expiry-error")).getText())
        .contains("expiresAt must be in the future");
    assertThat(driver.findElement(By.id("token-expiry-date")).getDomAttribute("aria-invalid"))
        .isEqualTo("true");
    assertAccessible("#token-dialog");
    click(By.id("token-cancel"));
    assertThat(names()).doesNotContain("dated-in-the-past");

    // Edit: keep, the presets and a date; the new date is sent as expiresAt.
    rowMenu("dated", "Edit");
    visible(By.id("token-dialog"));
    List<String> editOffered = new java.util.ArrayList<>(List.of("keep"));
    editOffered.addAll(offered);
    assertThat(optionValues("token-expiry")).isEqualTo(editOffered);
    select("token-expiry").selectByValue("date");
    setDate(today.plusDays(1).toString());
    click(By.id("token-submit"));
    click(By.id("confirm-ok"));
    wait.until(
        d -> {
          try {
            return pageApi("GET", "tokens/" + datedId, null)
                .path("expiresAt")
                .asText()
                .equals(today.plusDays(1) + "T23:59:59Z");
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    wait.until(
        d ->
            row("dated")
                .findElement(By.cssSelector(".expiry-badge"))
                .getText()
                .equals("expires in 2 days"));
    screenshotAt(360, "tokens-badges-360.png");
    screenshotAt(1400, "tokens-badges-1400.png");
  }

  @Test
  @Order(12)
  void pageWhenRegeneratedWithAGracePeriodThenTheOldSecretWorksUntilThenAndTheTableSaysSo()
      throws Exception {
    open("alice");
    JsonNode created =
        pageApi(
            "POST",
            "tokens",
            "{\"name\":\"graceful\",\"expiresIn\":\"30d\",\"type\":\"read-only\"}");
    String old = created.path("plaintext").asText();
    long maxGraceSeconds =
        Duration.parse(
                pageApi("GET", "context", null).path("expiry").path("maxGracePeriod").asText())
            .toSeconds();
    click(By.id("refresh-button"));
    recordRegenerateBodies();
    rowMenu("graceful", "Regenerate");
    visible(By.id("regenerate-dialog"));
    List<String> expected = new java.util.ArrayList<>(List.of("none"));
    Map.of("1h", 3600L, "1d", 86400L, "7d", 604800L).entrySet().stream()
        .filter(e -> e.getValue() <= maxGraceSeconds)
        .sorted(Map.Entry.comparingByValue())
        .forEach(e -> expected.add(e.getKey()));
    assertThat(graceChoices()).isEqualTo(expected);
    assertThat(expected).as("the host allows a grace period of an hour").contains("1h");
    assertAccessible("#regenerate-dialog");
    screenshotAt(360, "regenerate-dialog-360.png");
    click(By.id("grace-1h"));
    assertThat(text("regenerate-hint")).contains("keeps working for 1 hour");
    click(By.id("regenerate-ok"));
    String fresh = readShownOnce();
    assertThat(js().executeScript("return window.__regenerateBodies"))
        .isEqualTo(List.of("{\"gracePeriod\":\"1h\"}"));
    click(By.id("secret-close"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secret-dialog")));
    assertThat(bearerGet("api/v1/me", old).statusCode()).isEqualTo(200);
    assertThat(bearerGet("api/v1/me", fresh).statusCode()).isEqualTo(200);
    WebElement note = row("graceful").findElement(By.cssSelector(".grace-note"));
    assertThat(note.getText()).startsWith("Old secret works until").endsWith("UTC");
    String until =
        pageApi("GET", "tokens/" + row("graceful").getDomAttribute("data-token-id"), null)
            .path("previousSecretValidUntil")
            .asText();
    assertThat(note.findElement(By.tagName("time")).getDomAttribute("datetime")).isEqualTo(until);

    // A grace period the API refuses is shown in words, and the dialog stays open.
    rowMenu("graceful", "Regenerate");
    visible(By.id("regenerate-dialog"));
    js().executeScript(
            "const r = document.getElementById('grace-' + arguments[0]); r.value = '3650d';"
                + " r.checked = true;",
            expected.get(expected.size() - 1));
    click(By.id("regenerate-ok"));
    assertThat(visible(By.id("regenerate-grace-error")).getText())
        .contains("That grace period is not allowed")
        .contains("gracePeriod must be at most");
    assertThat(text("regenerate-error")).contains("The request was refused");
    assertAccessible("#regenerate-dialog");
    click(By.id("regenerate-cancel"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("regenerate-dialog")));
    assertThat(bearerGet("api/v1/me", fresh).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(13)
  void pageWhenActivityOpenedThenTheTokensRecordsShowAsTextAndTheOrganizationsPageOnLoadMore()
      throws Exception {
    open("alice");
    String realAgent = (String) js().executeScript("return navigator.userAgent");
    String hostile = "<img src=x onerror=\"window.__pwned=1\"> agent";
    JsonNode created;
    driver.executeCdpCommand("Network.setUserAgentOverride", Map.of("userAgent", hostile));
    try {
      created =
          pageApi(
              "POST",
              "tokens",
              "{\"name\":\"audited\",\"expiresIn\":\"30d\",\"type\":\"read-only\"}");
    } finally {
      driver.executeCdpCommand("Network.setUserAgentOverride", Map.of("userAgent", realAgent));
    }
    String id = created.path("token").path("id").asText();
    pageApi("PATCH", "tokens/" + id, "{\"description\":\"now described\"}");
    pageApi("POST", "tokens/" + id + "/regenerate", "{}");
    click(By.id("refresh-button"));

    rowMenu("audited", "Activity");
    visible(By.id("activity-dialog"));
    assertThat(text("activity-title")).isEqualTo("Activity of \"audited\"");
    assertThat(driver.findElement(By.id("activity-filter-field")).isDisplayed()).isFalse();
    wait.until(d -> activityRecords().size() == 3);
    List<WebElement> records = activityRecords();
    assertThat(records.get(0).getText()).contains("Regenerated", "by alice", "From:");
    assertThat(records.get(1).getText()).contains("Edited", "Changed: description");
    assertThat(records.get(2).getText()).contains("Created", "User agent: " + hostile);
    assertThat(records.get(2).findElements(By.tagName("img"))).isEmpty();
    assertThat(js().executeScript("return window.__pwned === undefined")).isEqualTo(true);
    assertThat(driver.findElement(By.id("activity-more")).isDisplayed()).isFalse();
    assertAccessible("#activity-dialog");
    click(By.id("activity-close"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("activity-dialog")));

    // The organization's activity, 50 records at a time, filtered by action.
    JsonNode issued = pageApi("GET", "audit?action=issued&limit=50", null);
    for (int i = issued.path("records").size(); i <= 50; i++) {
      createThroughApi(String.format("activity-%02d", i), "30d");
    }
    click(By.id("activity-button"));
    visible(By.id("activity-dialog"));
    assertThat(text("activity-title")).isEqualTo("Activity");
    wait.until(d -> activityRecords().size() == 50);
    select("activity-action").selectByValue("issued");
    wait.until(
        d ->
            activityRecords().size() == 50
                && activityRecords().stream()
                    .allMatch(r -> "issued".equals(r.getDomAttribute("data-action"))));
    click(By.id("activity-more"));
    wait.until(d -> activityRecords().size() > 50);
    assertThat(activityRecords().stream().map(r -> r.getDomAttribute("data-record-id")).toList())
        .doesNotHaveDuplicates();
    assertThat(driver.switchTo().activeElement()).isEqualTo(activityRecords().get(50));
    assertAccessible("#activity-dialog");
    for (int width : List.of(360, 1400)) {
      viewport(width, width < 700 ? 780 : 900);
      try {
        assertThat(scrollWidth()).as("activity at %d px", width).isLessThanOrEqualTo(width);
        screenshot("activity-" + width + ".png");
      } finally {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
      }
    }
    keys(Keys.ESCAPE);
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("activity-dialog")));
    wait.until(d -> "activity-button".equals(focusedId()));

    // A Member sees only the records of their own tokens.
    open("carol");
    pageApi(
        "POST",
        "tokens",
        "{\"name\":\"carol-own\",\"kind\":\"personal\",\"expiresIn\":\"7d\","
            + "\"type\":\"read-only\"}");
    click(By.id("activity-button"));
    visible(By.id("activity-dialog"));
    wait.until(d -> !activityRecords().isEmpty());
    assertThat(activityRecords())
        .allSatisfy(r -> assertThat(r.getText()).contains("carol"))
        .noneSatisfy(r -> assertThat(r.getText()).contains("by alice"));
    assertAccessible("#activity-dialog");
    click(By.id("activity-close"));
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Signs in as the user and opens the page, waiting until it has loaded its context.
   *
   * @param user alice, bob or carol
   */
  protected final void open(String user) {
    host.signIn(driver, user);
    driver.get(host.page().toString());
    wait.until(
        d -> "true".equals(driver.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    wait.until(d -> text("context-line").contains("signed in as " + user));
  }

  /**
   * Returns the browser, for a host's own checks after the shared ones (use {@link #open} first).
   *
   * @return the driver
   */
  protected final WebDriver driver() {
    return driver;
  }

  private void assertAccessible(String selector) {
    List<Axe.Violation> violations = Axe.check(driver, selector);
    violations.stream()
        .filter(v -> !v.seriousOrWorse())
        .forEach(v -> System.out.println("axe (" + selector + "): " + v));
    assertThat(violations.stream().filter(Axe.Violation::seriousOrWorse).toList())
        .as("serious or critical axe violations in %s", selector)
        .isEmpty();
  }

  private void createThroughApi(String name, String expiresIn) throws Exception {
    pageApi(
        "POST",
        "tokens",
        "{\"name\":\"" + name + "\",\"expiresIn\":\"" + expiresIn + "\",\"type\":\"read-only\"}");
  }

  /** A successful admin API call from inside the page, as the page makes them. */
  private JsonNode pageApi(String method, String path, String json) throws IOException {
    Map<String, Object> answer = pageFetch(method, path, json);
    long status = (Long) answer.get("status");
    assertThat(status).as("%s %s: %s", method, path, answer.get("body")).isBetween(200L, 299L);
    String body = (String) answer.get("body");
    return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> pageFetch(String method, String path, String json) {
    return (Map<String, Object>)
        js().executeAsyncScript(
                "const [method, path, body, done] = arguments;"
                    + "const headers = {Accept: 'application/json'};"
                    + "if (body !== null) headers['Content-Type'] = 'application/json';"
                    + "const m = document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]*)/);"
                    + "if (m && method !== 'GET') headers['X-XSRF-TOKEN'] = decodeURIComponent(m[1]);"
                    + "if (method === 'PATCH') headers['If-Match'] = '*';"
                    + "fetch(new URL(path, location.href), {method, headers, body: body === null ?"
                    + " undefined : body, credentials: 'same-origin'})"
                    + ".then(async r => done({status: r.status, body: await r.text()}))"
                    + ".catch(e => done({status: 0, body: String(e)}));",
                method,
                path,
                json);
  }

  private HttpResponse<String> bearerGet(String path, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(host.base().resolve(path))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JavascriptExecutor js() {
    return driver;
  }

  private void viewport(int width, int height) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 700));
  }

  private int scrollWidth() {
    return ((Number)
            js().executeScript(
                    "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"))
        .intValue();
  }

  private String readShownOnce() {
    WebElement value =
        new WebDriverWait(driver, Duration.ofSeconds(15))
            .withMessage(
                () ->
                    "no token shown; form error: '"
                        + text("token-form-error")
                        + "', page error: '"
                        + text("error-text")
                        + "'")
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("secret-value")));
    wait.until(d -> !value.getDomProperty("value").isEmpty());
    return value.getDomProperty("value");
  }

  private String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  /** Keeps the body of every regenerate request the page sends in window.__regenerateBodies. */
  private void recordRegenerateBodies() {
    js().executeScript(
            "const real = window.fetch; window.__regenerateBodies = [];"
                + "window.fetch = (url, init) => { if (String(url).endsWith('/regenerate'))"
                + " window.__regenerateBodies.push(init.body === undefined ? 'none' : init.body);"
                + " return real(url, init); };");
  }

  private List<String> optionValues(String id) {
    return select(id).getOptions().stream().map(o -> o.getDomAttribute("value")).toList();
  }

  @SuppressWarnings("unchecked")
  private List<String> graceChoices() {
    return (List<String>)
        js().executeScript(
                "return [...document.querySelectorAll('#grace-choices input')].map(e => e.value)");
  }

  private List<WebElement> activityRecords() {
    return driver.findElements(By.cssSelector("#activity-list li.activity-record"));
  }

  /** Sets the form's date input as a date picker would (typing is locale-dependent). */
  private void setDate(String isoDate) {
    js().executeScript(
            "const d = document.getElementById('token-expiry-date'); d.value = arguments[0];"
                + " d.dispatchEvent(new Event('change', {bubbles: true}));",
            isoDate);
  }

  /** A screenshot at the width, asserting nothing overflows it. */
  private void screenshotAt(int width, String file) throws IOException {
    viewport(width, width < 700 ? 780 : 900);
    try {
      assertThat(scrollWidth()).as("%s at %d px", file, width).isLessThanOrEqualTo(width);
      screenshot(file);
    } finally {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }

  private String previewText() {
    return text("expiry-preview");
  }

  private Select select(String id) {
    return new Select(driver.findElement(By.id(id)));
  }

  private String focusedId() {
    return driver.switchTo().activeElement().getDomAttribute("id");
  }

  private void keys(CharSequence... keys) {
    new Actions(driver).sendKeys(keys).perform();
  }

  private void tabUntil(String id, int limit) {
    tabUntil(() -> id.equals(focusedId()), limit, id);
  }

  private void tabUntilElement(WebElement element, int limit) {
    tabUntil(() -> element.equals(driver.switchTo().activeElement()), limit, element.toString());
  }

  private void tabUntil(Supplier<Boolean> reached, int limit, String what) {
    js().executeScript("document.activeElement && document.activeElement.blur()");
    for (int i = 0; i < limit; i++) {
      keys(Keys.TAB);
      if (reached.get()) {
        return;
      }
    }
    throw new AssertionError("Tab did not reach " + what + " in " + limit + " presses");
  }

  @SuppressWarnings("unchecked")
  private List<String> names() {
    return (List<String>)
        js().executeScript(
                "return [...document.querySelectorAll('#tokens-body .token-name')]"
                    + ".map(e => e.textContent)");
  }

  private List<WebElement> rows() {
    return driver.findElements(By.cssSelector("#tokens-body tr"));
  }

  private WebElement row(String name) {
    return wait.until(
        d ->
            rows().stream()
                .filter(r -> r.findElement(By.cssSelector(".token-name")).getText().equals(name))
                .findFirst()
                .orElse(null));
  }

  private WebElement lastActive(String name) {
    return row(name).findElement(By.cssSelector("td.last-active"));
  }

  private void rowMenu(String name, String item) {
    row(name).findElement(By.cssSelector("button.row-menu-button")).click();
    WebElement menuItem =
        wait.until(
            d ->
                row(name).findElements(By.cssSelector(".menu button")).stream()
                    .filter(b -> b.isDisplayed() && b.getText().equals(item))
                    .findFirst()
                    .orElse(null));
    menuItem.click();
  }

  private WebElement visible(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  private void click(By by) {
    wait.until(ExpectedConditions.elementToBeClickable(by)).click();
  }

  private void type(By by, String text) {
    WebElement field = visible(by);
    field.clear();
    field.sendKeys(text);
  }

  private void screenshot(String file) throws IOException {
    Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(file), StandardCopyOption.REPLACE_EXISTING);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
