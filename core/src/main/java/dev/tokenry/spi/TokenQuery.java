package dev.tokenry.spi;

import static java.util.Objects.requireNonNull;

import dev.tokenry.TokenKind;
import java.util.Optional;

/**
 * A list query a {@link TokenStore} answers: the tokens of one organization, of the kinds asked
 * for, optionally of one project and with a name containing some text, newest first, one page.
 *
 * <p>Which tokens qualify: organization tokens when {@code organizationTokens} is true, and
 * personal tokens of {@code personalOwner} when it is present. Tokenry builds queries from what the
 * actor may see; a store only applies them.
 *
 * @param organizationId the organization
 * @param organizationTokens whether organization tokens qualify
 * @param personalOwner the user whose personal tokens qualify; empty for none
 * @param projectId keep only tokens limited to this project; empty for any scope
 * @param nameContains keep only names containing this text, case-insensitively, with {@code %} and
 *     {@code _} taken literally; empty for any name
 * @param limit the page size, at least 1
 * @param after continue after this position; empty for the first page
 */
public record TokenQuery(
    String organizationId,
    boolean organizationTokens,
    Optional<String> personalOwner,
    Optional<String> projectId,
    Optional<String> nameContains,
    int limit,
    Optional<PageCursor> after) {

  /**
   * Checks the components.
   *
   * @param organizationId the organization
   * @param organizationTokens whether organization tokens qualify
   * @param personalOwner the user whose personal tokens qualify; empty for none
   * @param projectId keep only tokens limited to this project; empty for any scope
   * @param nameContains keep only names containing this text, case-insensitively, with {@code %}
   *     and {@code _} taken literally; empty for any name
   * @param limit the page size, at least 1
   * @param after continue after this position; empty for the first page
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the limit is below 1
   */
  public TokenQuery {
    requireNonNull(organizationId, "organizationId must not be null");
    requireNonNull(personalOwner, "personalOwner must not be null");
    requireNonNull(projectId, "projectId must not be null");
    requireNonNull(nameContains, "nameContains must not be null");
    requireNonNull(after, "after must not be null");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }

  /**
   * A query for every token of the organization: organization tokens and no personal ones.
   *
   * @param organizationId the organization
   * @param limit the page size
   * @return the query
   */
  public static TokenQuery organizationTokens(String organizationId, int limit) {
    return new TokenQuery(
        organizationId,
        true,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        limit,
        Optional.empty());
  }

  /**
   * Whether a token matches this query's filters (not its position). Stores may use it to filter in
   * memory; SQL stores express the same in their WHERE clause.
   *
   * @param kind the token's kind
   * @param owner the token's owner
   * @param organization the token's organization
   * @param project the token's project
   * @param name the token's name
   * @return true if the token qualifies
   */
  public boolean matches(
      String organization,
      TokenKind kind,
      Optional<String> owner,
      Optional<String> project,
      String name) {
    if (!organizationId.equals(organization)) {
      return false;
    }
    boolean kindMatches =
        kind == TokenKind.ORGANIZATION
            ? organizationTokens
            : personalOwner.isPresent() && personalOwner.equals(owner);
    return kindMatches
        && (projectId.isEmpty() || projectId.equals(project))
        && (nameContains.isEmpty() || NameKey.of(name).contains(NameKey.of(nameContains.get())));
  }
}
