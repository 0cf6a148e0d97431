/**
 * The servlet adapter: {@link dev.tokenry.servlet.TokenAuthenticationFilter} authenticates API
 * requests by bearer token against {@link dev.tokenry.servlet.RouteRules}, and {@link
 * dev.tokenry.servlet.TokenAdminServlet} serves the token admin API as JSON. Works in any Servlet 6
 * container. The admin servlet needs {@code com.fasterxml.jackson.core:jackson-databind} on the
 * class path (an optional dependency of {@code tokenry-core}); the filter does not.
 */
package dev.tokenry.servlet;
