package dev.tokenry;

import static dev.tokenry.ManagementFixture.ADMIN;
import static dev.tokenry.ManagementFixture.OUTSIDER;
import static dev.tokenry.ManagementFixture.OWNER;
import static dev.tokenry.ManagementFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tokenry.spi.ForwardingTokenStore;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.TokenStore;
import dev.tokenry.testing.SimpleTokenStore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Tokenry#update(Actor, String, TokenUpdate, long)}: an edit from a stale read is refused.
 */
class ConditionalUpdateTest {

  private final ManagementFixture f = ManagementFixture.withCatalogue();
  private final Tokenry tokenry = f.tokenry;

  @AfterEach
  void close() {
    f.close();
  }

  private static TokenUpdate type(TokenType type) {
    return TokenUpdate.builder().type(type).build();
  }

  @Test
  void versionWhenIssuedEditedAndRegeneratedThenStartsAtOneAndRisesWithEachChange() {
    ApiToken issued = f.orgToken(OWNER, "CI");
    assertThat(issued.version()).isEqualTo(1);

    ApiToken edited = tokenry.update(OWNER, issued.id(), type(TokenType.FULL_ACCESS));
    IssuedToken regenerated = tokenry.regenerate(OWNER, issued.id());

    assertThat(edited.version()).isEqualTo(2);
    assertThat(regenerated.token().version()).isEqualTo(3);
    assertThat(tokenry.get(OWNER, issued.id()).version()).isEqualTo(3);
    assertThat(tokenry.list(OWNER, TokenFilter.all()).tokens())
        .extracting(ApiToken::version)
        .containsExactly(3L);
  }

  @Test
  void updateWhenExpectedVersionIsCurrentThenApplied() {
    ApiToken loaded = f.orgToken(OWNER, "CI");

    ApiToken saved =
        tokenry.update(OWNER, loaded.id(), type(TokenType.FULL_ACCESS), loaded.version());

    assertThat(saved.type()).isEqualTo(TokenType.FULL_ACCESS);
    assertThat(saved.version()).isEqualTo(loaded.version() + 1);
  }

  @Test
  void updateWhenExpectedVersionIsStaleThenStaleTokenEditExceptionAndUnchanged() {
    ApiToken id = tokenry.issue(OWNER, request("CI").type(TokenType.FULL_ACCESS).build()).token();
    ApiToken bobLoaded = tokenry.get(ADMIN, id.id());
    ApiToken aliceLoaded = tokenry.get(OWNER, id.id());
    tokenry.update(ADMIN, id.id(), type(TokenType.READ_ONLY), bobLoaded.version());

    StaleTokenEditException thrown =
        catchThrowableOfType(
            () ->
                tokenry.update(
                    OWNER,
                    id.id(),
                    TokenUpdate.builder().type(TokenType.FULL_ACCESS).name("CI 2").build(),
                    aliceLoaded.version()),
            StaleTokenEditException.class);

    assertThat(thrown).isInstanceOf(TokenConflictException.class);
    assertThat(thrown.expectedVersion()).isEqualTo(1);
    assertThat(thrown.currentVersion()).isEqualTo(2);
    assertThat(thrown.getMessage()).contains(id.id()).contains("changed since it was read");
    ApiToken now = tokenry.get(OWNER, id.id());
    assertThat(now.type()).isEqualTo(TokenType.READ_ONLY);
    assertThat(now.name()).isEqualTo("CI");
    assertThat(now.version()).isEqualTo(2);
    assertThat(f.listener.events).filteredOn(e -> e.startsWith("updated")).hasSize(1);
  }

  @Test
  void updateWhenStaleAndNothingToChangeThenStillRefused() {
    ApiToken loaded = f.orgToken(OWNER, "CI");
    tokenry.update(OWNER, loaded.id(), TokenUpdate.builder().description("x").build());

    assertThatThrownBy(() -> tokenry.update(OWNER, loaded.id(), TokenUpdate.builder().build(), 1))
        .isInstanceOf(StaleTokenEditException.class);
  }

  @Test
  void updateWhenStaleAndTokenInvisibleThenNotFoundNotStale() {
    ApiToken loaded = f.orgToken(OWNER, "CI");

    assertThatThrownBy(() -> tokenry.update(OUTSIDER, loaded.id(), type(TokenType.FULL_ACCESS), 99))
        .isInstanceOf(TokenNotFoundException.class);
  }

  @Test
  void updateWhenAnotherEditLandsBetweenReadAndWriteThenStaleAndNotRetried() {
    AtomicInteger writes = new AtomicInteger();
    SimpleTokenStore backing = new SimpleTokenStore();
    TokenStore racing =
        new ForwardingTokenStore() {
          @Override
          protected TokenStore delegate() {
            return backing;
          }

          @Override
          public StoredToken update(StoredToken token, long expectedVersion) {
            if (writes.incrementAndGet() == 1) {
              // Bob's edit reaches the store just before Alice's.
              StoredToken current = backing.find(token.id()).orElseThrow();
              backing.update(current.withToken(narrowed(current.token())), current.version());
            }
            return super.update(token, expectedVersion);
          }
        };
    try (ManagementFixture raced = ManagementFixture.over(racing)) {
      ApiToken loaded =
          raced.tokenry.issue(OWNER, request("CI").type(TokenType.FULL_ACCESS).build()).token();

      StaleTokenEditException thrown =
          catchThrowableOfType(
              () ->
                  raced.tokenry.update(
                      OWNER, loaded.id(), TokenUpdate.builder().description("Alice's").build(), 1),
              StaleTokenEditException.class);

      assertThat(thrown.currentVersion()).isEqualTo(2);
      assertThat(writes).as("no retry past the mismatch").hasValue(1);
      assertThat(raced.tokenry.get(OWNER, loaded.id()).type()).isEqualTo(TokenType.READ_ONLY);
    }
  }

  @Test
  void updateWhenUnconditionalAndAnotherEditLandsFirstThenStillRetried() {
    ApiToken loaded = f.orgToken(OWNER, "CI");
    tokenry.update(ADMIN, loaded.id(), TokenUpdate.builder().description("Bob's").build());

    ApiToken saved = tokenry.update(OWNER, loaded.id(), type(TokenType.FULL_ACCESS));

    assertThat(saved.description()).isEqualTo("Bob's");
    assertThat(saved.type()).isEqualTo(TokenType.FULL_ACCESS);
  }

  private static ApiToken narrowed(ApiToken t) {
    return new ApiToken(
        t.id(),
        t.prefix(),
        t.name(),
        t.description(),
        t.kind(),
        t.scope(),
        t.owner(),
        TokenType.READ_ONLY,
        TokenType.READ_ONLY.presetPermissions().orElseThrow(),
        t.createdAt(),
        t.createdBy(),
        t.expiresAt(),
        t.lastUsedAt());
  }
}
