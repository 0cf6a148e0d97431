package dev.tokenry.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.Role;
import dev.tokenry.TokenKind;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin page end to end: the app in-process on a fresh H2 file, driven through a real headless
 * Chromium, and the issued tokens used over HTTP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminPageBrowserTest {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ExampleServer server;
  private static ChromeDriver driver;
  private static WebDriverWait wait;
  private static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    Path run =
        Files.createDirectories(Path.of("target", "browser-test", "run-" + System.nanoTime()));
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
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    driver = HeadlessChromium.start(run.resolve("chromium-profile"));
    wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    // The table is re-rendered after every change; a row found a moment ago may be replaced.
    wait.ignoring(StaleElementReferenceException.class);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void openAsAlice() {
    open("alice");
  }

  @Test
  @Order(1)
  void adminPageWhenOwnerCreatesUsesAndRegeneratesTokenThenEachStepShows() throws Exception {
    click(By.id("create-button"));
    WebElement dialog = visible(By.id("token-dialog"));
    type(By.id("token-name"), "ci-deploy");
    type(By.id("token-description"), "Deploys from CI");
    new Select(driver.findElement(By.id("token-scope"))).selectByVisibleText("Project: Royalties");
    new Select(driver.findElement(By.id("token-expiry"))).selectByValue("7d");
    wait.until(d -> previewText().contains("will expire on"));
    String sevenDays = previewText();
    new Select(driver.findElement(By.id("token-expiry"))).selectByValue("90d");
    wait.until(d -> previewText().contains("will expire on") && !previewText().equals(sevenDays));
    new Select(driver.findElement(By.id("token-expiry"))).selectByValue("never");
    wait.until(d -> previewText().contains("never expire"));
    new Select(driver.findElement(By.id("token-expiry"))).selectByValue("30d");
    wait.until(d -> previewText().contains("will expire on"));
    click(By.id("type-custom"));
    WebElement contractsRead =
        dialog.findElement(By.cssSelector("#permission-list input[value='contracts:read']"));
    contractsRead.click();
    dialog.findElement(By.cssSelector("#permission-list input[value='royalties:read']")).click();
    screenshot("create-dialog.png");
    click(By.id("token-submit"));

    String plaintext = readShownOnce();
    assertThat(plaintext).startsWith("tkr_");
    screenshot("show-once-dialog.png");
    click(By.id("secret-copy"));
    wait.until(d -> !driver.findElement(By.id("secret-copied")).getText().isEmpty());
    assertThat(driver.findElement(By.id("secret-warning")).getText())
        .contains("won't be shown again");
    click(By.id("secret-close"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secret-dialog")));
    assertThat(driver.findElement(By.id("secret-value")).getDomProperty("value")).isEmpty();
    assertThat(driver.getPageSource()).doesNotContain(plaintext);

    WebElement row = row("ci-deploy");
    assertThat(row.getText()).contains("Deploys from CI", "Royalties", "Custom", "never");
    assertThat(row.findElement(By.cssSelector("td.scope-cell")).getText()).isEqualTo("Royalties");

    HttpResponse<String> me = get("/api/v1/me", plaintext);
    assertThat(me.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(me.body());
    assertThat(body.path("organizationId").asText()).isEqualTo("acme");
    assertThat(body.path("projectId").asText()).isEqualTo("royalties");
    assertThat(body.path("permissions")).hasSize(2);
    assertThat(get("/api/projects/royalties/contracts", plaintext).statusCode()).isEqualTo(200);
    assertThat(get("/api/projects/catalog/contracts", plaintext).statusCode()).isEqualTo(403);

    wait.until(
        d -> {
          click(By.id("refresh-button"));
          return lastActive("ci-deploy").getText().equals("just now");
        });
    WebElement when = lastActive("ci-deploy").findElement(By.tagName("time"));
    assertThat(when.getDomAttribute("title"))
        .endsWith("UTC")
        .containsPattern("\\d{2}:\\d{2}:\\d{2}");

    rowMenu("ci-deploy", "Regenerate");
    assertThat(visible(By.id("confirm-text")).getText()).contains("stops working immediately");
    click(By.id("confirm-ok"));
    String regenerated = readShownOnce();
    assertThat(regenerated).startsWith("tkr_").isNotEqualTo(plaintext);
    click(By.id("secret-close"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secret-dialog")));
    assertThat(get("/api/v1/me", plaintext).statusCode()).isEqualTo(401);
    assertThat(get("/api/v1/me", regenerated).statusCode()).isEqualTo(200);

    rowMenu("ci-deploy", "Edit");
    visible(By.id("token-dialog"));
    type(By.id("token-description"), "Deploys from CI, nightly");
    click(By.id("token-submit"));
    click(By.id("confirm-ok"));
    wait.until(d -> row("ci-deploy").getText().contains("Deploys from CI, nightly"));
  }

  @Test
  @Order(2)
  void adminPageWhenTwoRowsSelectedAndDeletedThenBothGone() throws Exception {
    Actor alice = Actor.user("alice", "acme", Role.OWNER);
    for (String name : List.of("bulk-one", "bulk-two", "keep-me")) {
      server
          .tokenry()
          .issue(
              alice,
              TokenRequest.builder()
                  .name(name)
                  .expiresIn(ExpiryPreset.THIRTY_DAYS)
                  .type(TokenType.READ_ONLY)
                  .build());
    }
    server
        .tokenry()
        .issue(
            alice,
            TokenRequest.builder()
                .name("alice-laptop")
                .description("Scripts on my laptop")
                .kind(TokenKind.PERSONAL)
                .expiresIn(ExpiryPreset.NEVER)
                .type(TokenType.FULL_ACCESS)
                .build());
    click(By.id("refresh-button"));
    wait.until(d -> names().size() >= 5);
    screenshot("token-table.png");

    row("bulk-one").findElement(By.cssSelector("input.row-check")).click();
    row("bulk-two").findElement(By.cssSelector("input.row-check")).click();
    assertThat(driver.findElement(By.id("selection-count")).getText()).isEqualTo("2 selected");
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
  @Order(3)
  void adminPageWhenMoreTokensThanAPageThenLoadMoreShowsTheRest() {
    Actor bob = Actor.user("bob", "acme", Role.ADMIN);
    for (int i = 1; i <= 21; i++) {
      server
          .tokenry()
          .issue(
              bob,
              TokenRequest.builder()
                  .name(String.format("paged-%02d", i))
                  .expiresIn(ExpiryPreset.SEVEN_DAYS)
                  .type(TokenType.READ_ONLY)
                  .build());
    }
    type(By.id("name-filter"), "paged-");
    wait.until(d -> names().size() == 20 && names().stream().allMatch(n -> n.startsWith("paged-")));
    click(By.id("load-more"));
    wait.until(d -> names().size() == 21);
    assertThat(names()).doesNotHaveDuplicates();
    assertThat(driver.findElement(By.id("load-more")).isDisplayed()).isFalse();
  }

  @Test
  @Order(4)
  void adminPageWhenMemberThenOrganizationTokensRefusedAndPersonalTokensCutToTheirPermissions()
      throws Exception {
    open("carol");
    WebElement notice = visible(By.id("member-notice"));
    assertThat(notice.getText()).contains("Organization tokens need an Owner or Admin");
    assertThat(names()).doesNotContain("keep-me", "ci-deploy");

    click(By.id("create-button"));
    visible(By.id("token-dialog"));
    assertThat(driver.findElement(By.id("kind-organization")).isEnabled()).isFalse();
    assertThat(driver.findElement(By.id("kind-personal")).isSelected()).isTrue();
    assertThat(visible(By.id("kind-note")).getText())
        .contains("Organization tokens need an Owner or Admin");
    type(By.id("token-name"), "carol-write");
    click(By.id("type-custom"));
    driver.findElement(By.cssSelector("#permission-list input[value='contracts:write']")).click();
    click(By.id("token-submit"));
    // A personal token carries its owner's permissions: issued, and cut to them at every request.
    String plaintext = readShownOnce();
    click(By.id("secret-close"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secret-dialog")));
    // A GET: a refused POST leaves its body unread, Jetty then closes the connection, and the
    // client's next POST on that pooled connection would fail without an answer.
    HttpResponse<String> me = get("/api/v1/me", plaintext);
    assertThat(me.statusCode()).isEqualTo(200);
    // It asked for contracts:write only, which Carol does not hold: it can do nothing now.
    assertThat(JSON.readTree(me.body()).path("permissions").toString()).isEqualTo("[]");

    HttpResponse<String> refused =
        http.send(
            HttpRequest.newBuilder(server.baseUri().resolve("/admin/api/tokens"))
                .header("X-Demo-User", "carol")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"org\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("Only Owners and Admins");
  }

  // -------------------------------------------------------------------------------------------

  @Test
  @Order(5)
  void adminPageWhenTokenChangedSinceTheFormOpenedThenSaveRefusedInWordsAndNewerEditKept()
      throws Exception {
    HttpResponse<String> created =
        admin(
            "POST",
            "/tokens",
            "{\"name\":\"stale-edit\",\"expiresIn\":\"30d\",\"type\":\"full-access\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = JSON.readTree(created.body()).path("token").path("id").asText();
    click(By.id("refresh-button"));
    rowMenu("stale-edit", "Edit");
    visible(By.id("token-dialog"));

    // Someone else narrows the token while Alice's form is open.
    HttpResponse<String> narrowed = admin("PATCH", "/tokens/" + id, "{\"type\":\"read-only\"}");
    assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);

    type(By.id("token-description"), "Alice's edit");
    click(By.id("token-submit"));
    click(By.id("confirm-ok"));

    WebElement error = visible(By.id("token-form-error"));
    assertThat(error.getText()).contains("changed since you loaded it; reload and try again");
    JsonNode now = JSON.readTree(admin("GET", "/tokens/" + id, null).body());
    assertThat(now.path("type").asText()).isEqualTo("read-only");
    assertThat(now.path("description").asText()).isEmpty();
  }

  private static HttpResponse<String> admin(String method, String path, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.baseUri().resolve("/admin/api" + path))
            .header("X-Demo-User", "alice")
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void open(String user) {
    driver.get(server.baseUri().resolve("/admin/").toString());
    wait.until(
        d -> "true".equals(driver.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    Select picker = new Select(driver.findElement(By.id("user-picker")));
    if (!user.equals(picker.getFirstSelectedOption().getDomAttribute("value"))) {
      picker.selectByValue(user);
      wait.until(
          d ->
              driver.findElement(By.id("context-line")).getText().contains("signed in as " + user));
    }
  }

  private static String readShownOnce() {
    WebElement value =
        new WebDriverWait(driver, Duration.ofSeconds(15))
            .withMessage(
                () ->
                    "no token shown; form error: '"
                        + driver.findElement(By.id("token-form-error")).getText()
                        + "', page error: '"
                        + driver.findElement(By.id("error-text")).getText()
                        + "'")
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("secret-value")));
    wait.until(d -> !value.getDomProperty("value").isEmpty());
    return value.getDomProperty("value");
  }

  private static String previewText() {
    return driver.findElement(By.id("expiry-preview")).getText();
  }

  private static List<WebElement> rows() {
    return driver.findElements(By.cssSelector("#tokens-body tr"));
  }

  @SuppressWarnings("unchecked")
  private static List<String> names() {
    return (List<String>)
        ((JavascriptExecutor) driver)
            .executeScript(
                "return [...document"
                    + ".querySelectorAll('#tokens-body .token-name')].map(e => e.textContent)");
  }

  private static WebElement row(String name) {
    return wait.until(
        d ->
            rows().stream()
                .filter(r -> r.findElement(By.cssSelector(".token-name")).getText().equals(name))
                .findFirst()
                .orElse(null));
  }

  private static WebElement lastActive(String name) {
    return row(name).findElement(By.cssSelector("td.last-active"));
  }

  private static void rowMenu(String name, String item) {
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

  private static WebElement visible(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  private static void click(By by) {
    wait.until(ExpectedConditions.elementToBeClickable(by)).click();
  }

  private static void type(By by, String text) {
    WebElement field = visible(by);
    field.clear();
    field.sendKeys(text);
  }

  private static void screenshot(String file) throws IOException {
    ((JavascriptExecutor) driver).executeScript("document.activeElement.blur && 0");
    Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(file), StandardCopyOption.REPLACE_EXISTING);
  }

  private static HttpResponse<String> get(String path, String token)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(server.baseUri().resolve(path))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
