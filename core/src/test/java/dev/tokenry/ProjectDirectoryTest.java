package dev.tokenry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tokenry.spi.Project;
import dev.tokenry.testing.SimpleTokenStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProjectDirectoryTest {

  private static final Actor ACME = Actor.user("olivia", "acme", Role.OWNER);
  private static final Actor GLOBEX = Actor.user("gina", "globex", Role.OWNER);

  private final Map<String, List<Project>> projects =
      Map.of(
          "acme", List.of(new Project("royalties", "Royalties"), new Project("catalog", "Catalog")),
          "globex", List.of(new Project("ledger", "Ledger")));

  private final Tokenry tokenry =
      Tokenry.builder()
          .store(new SimpleTokenStore())
          .userPermissions((org, user) -> Optional.of(PermissionSet.ALL))
          .projects(org -> projects.getOrDefault(org, List.of()))
          .build();

  @AfterEach
  void close() {
    tokenry.close();
  }

  private static TokenRequest scopedTo(String projectId) {
    return TokenRequest.builder()
        .name("scoped " + projectId)
        .project(projectId)
        .expiresIn(ExpiryPreset.SEVEN_DAYS)
        .type(TokenType.READ_ONLY)
        .build();
  }

  @Test
  void issueWhenProjectBelongsToTheOrganizationThenScopedToIt() {
    ApiToken token = tokenry.issue(ACME, scopedTo("royalties")).token();

    assertThat(token.scope().projectId()).contains("royalties");
  }

  @Test
  void issueWhenProjectIsAnotherOrganizationsOrATypoThenRefusedOnScopeProjectId() {
    for (String projectId : List.of("ledger", "royaltie", "Royalties")) {
      InvalidTokenRequestException e =
          catchThrowableOfType(
              InvalidTokenRequestException.class, () -> tokenry.issue(ACME, scopedTo(projectId)));
      assertThat(e.errors()).as(projectId).containsOnlyKeys("scope.projectId");
    }
    assertThat(tokenry.list(ACME, TokenFilter.all()).tokens()).isEmpty();
  }

  @Test
  void projectsWhenAskedThenTheActorsOrganizationsOnly() {
    assertThat(tokenry.projects(ACME))
        .extracting(Project::name)
        .containsExactly("Royalties", "Catalog");
    assertThat(tokenry.projects(GLOBEX)).extracting(Project::id).containsExactly("ledger");
  }

  @Test
  void projectsWhenNoDirectoryThenEmptyAndAnyWellFormedProjectTaken() {
    try (Tokenry plain =
        Tokenry.builder()
            .store(new SimpleTokenStore())
            .userPermissions((org, user) -> Optional.of(PermissionSet.ALL))
            .build()) {
      assertThat(plain.projects(ACME)).isEmpty();
      assertThat(plain.issue(ACME, scopedTo("anything")).token().scope().projectId())
          .contains("anything");
    }
  }
}
