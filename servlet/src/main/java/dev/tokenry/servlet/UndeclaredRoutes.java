package dev.tokenry.servlet;

/** What {@link TokenAuthenticationFilter} does with a request that no route rule matches. */
public enum UndeclaredRoutes {
  /** Any valid token may pass (the default); the host checks permissions itself. */
  AUTHENTICATED,
  /**
   * Nothing passes: the caller is still authenticated first (401 answers stay the same), then every
   * valid token gets 403, so the answer does not reveal which routes exist.
   */
  DENY
}
