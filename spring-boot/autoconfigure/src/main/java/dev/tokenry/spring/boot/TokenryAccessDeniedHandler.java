package dev.tokenry.spring.boot;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ExpressionAuthorizationDecision;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * A token caller refused by {@code hasAuthority} (in {@code authorizeHttpRequests} or
 * {@code @PreAuthorize}) gets Tokenry's 403: {@code error="insufficient_scope"} and, when the
 * refusal names the authorities it wanted, {@code scope="…"}.
 */
final class TokenryAccessDeniedHandler implements AccessDeniedHandler {

  private final TokenryAnswers answers;

  TokenryAccessDeniedHandler(TokenryAnswers answers) {
    this.answers = answers;
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    answers.insufficientScope(response, neededScope(denied));
  }

  /** {@code hasAuthority('a')} or {@code hasAnyAuthority('a', 'b')}, the whole expression. */
  private static final Pattern AUTHORITY_EXPRESSION =
      Pattern.compile("\\s*has(?:Any)?Authority\\(\\s*('[^']+'(?:\\s*,\\s*'[^']+')*)\\s*\\)\\s*");

  private static String neededScope(AccessDeniedException denied) {
    if (denied instanceof AuthorizationDeniedException refused) {
      AuthorizationResult result = refused.getAuthorizationResult();
      if (result instanceof ExpressionAuthorizationDecision expression) {
        // @PreAuthorize("hasAuthority('contracts:read')"): only a plain authority expression names
        // what was needed; anything else (and, or, custom beans) answers without scope.
        Matcher matcher =
            AUTHORITY_EXPRESSION.matcher(expression.getExpression().getExpressionString());
        if (matcher.matches()) {
          return Arrays.stream(matcher.group(1).split(","))
              .map(part -> part.trim().replace("'", ""))
              .sorted()
              .collect(Collectors.joining(" "));
        }
      }
      if (result instanceof AuthorityAuthorizationDecision decision) {
        Collection<GrantedAuthority> wanted = decision.getAuthorities();
        if (!wanted.isEmpty()) {
          return wanted.stream()
              .map(GrantedAuthority::getAuthority)
              .sorted()
              .collect(Collectors.joining(" "));
        }
      }
    }
    return null;
  }
}
