package dev.tokenry.servlet;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;

/**
 * How Tokenry learns the address of the client calling: the address it records as a token's last
 * use and the one it counts failed attempts against.
 *
 * <p>The default, {@link #remoteAddress()}, is the connection's peer address. Forwarded headers
 * such as {@code X-Forwarded-For} are trusted only when the host says so with {@link
 * #trustedProxyHeader}, because any client can send them.
 */
@FunctionalInterface
public interface ClientAddressResolver {

  /**
   * The client's address for this request.
   *
   * @param request the request
   * @return the address, never {@code null}
   */
  String clientAddress(HttpServletRequest request);

  /**
   * The connection's peer address, {@link HttpServletRequest#getRemoteAddr()}: the right choice
   * when clients connect directly, and what Tokenry uses unless told otherwise.
   *
   * @return the resolver
   */
  static ClientAddressResolver remoteAddress() {
    return HttpServletRequest::getRemoteAddr;
  }

  /**
   * Reads the client's address from a header that the host's own reverse proxies set, such as
   * {@code X-Forwarded-For}, but only on requests whose peer address is one of {@code
   * trustedProxies}; from any other peer the header is ignored and the peer address is used.
   *
   * <p>The header's last entry is taken (the address the nearest trusted proxy saw), since a client
   * can put anything in the earlier ones. A value that is not a plain IPv4 or IPv6 address is
   * ignored in favour of the peer address.
   *
   * @param headerName the header, for example {@code X-Forwarded-For}
   * @param trustedProxies the peer addresses of the host's proxies, exactly as {@link
   *     HttpServletRequest#getRemoteAddr()} reports them
   * @return the resolver
   */
  static ClientAddressResolver trustedProxyHeader(String headerName, Set<String> trustedProxies) {
    requireNonNull(headerName, "headerName must not be null");
    if (headerName.isBlank()) {
      throw new IllegalArgumentException("headerName must not be blank");
    }
    Set<String> proxies = Set.copyOf(requireNonNull(trustedProxies, "trustedProxies"));
    if (proxies.isEmpty()) {
      throw new IllegalArgumentException("trustedProxies must name at least one proxy address");
    }
    return request -> {
      String peer = request.getRemoteAddr();
      if (!proxies.contains(peer)) {
        return peer;
      }
      String last = null;
      Enumeration<String> values = request.getHeaders(headerName);
      while (values != null && values.hasMoreElements()) {
        String value = values.nextElement();
        int comma = value.lastIndexOf(',');
        last = (comma < 0 ? value : value.substring(comma + 1)).trim();
      }
      return last != null && ClientAddresses.isPlainAddress(last)
          ? last.toLowerCase(Locale.ROOT)
          : peer;
    };
  }
}
