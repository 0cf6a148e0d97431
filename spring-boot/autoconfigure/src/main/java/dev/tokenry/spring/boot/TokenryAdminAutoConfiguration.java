package dev.tokenry.spring.boot;

import dev.tokenry.Tokenry;
import dev.tokenry.servlet.ActorResolver;
import dev.tokenry.servlet.ClientAddressResolver;
import dev.tokenry.servlet.TokenAdminServlet;
import dev.tokenry.servlet.TokenAuthenticationFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Mounts the admin API ({@link TokenAdminServlet}) at {@code tokenry.admin.path}, acting for the
 * user the host's {@link ActorResolver} bean names. On when {@code tokenry.admin.enabled=true}, or
 * when it is unset and an {@code ActorResolver} bean exists. Every path beneath is behind Spring
 * Security (the default admin chain, or the host's own).
 */
@AutoConfiguration(after = TokenryAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(ServletRegistrationBean.class)
@Conditional(TokenryAdminAutoConfiguration.AdminEnabled.class)
public class TokenryAdminAutoConfiguration {

  private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

  /** Created by Spring. */
  public TokenryAdminAutoConfiguration() {}

  /**
   * The admin servlet's registration.
   *
   * @param tokenry the instance
   * @param actors the host's answer to who is acting
   * @param properties {@code tokenry.*}
   * @return the registration at {@code <admin.path>/*}
   */
  @Bean
  @ConditionalOnMissingBean(name = "tokenryAdminServlet")
  public ServletRegistrationBean<TokenAdminServlet> tokenryAdminServlet(
      Tokenry tokenry, ActorResolver actors, TokenryProperties properties) {
    String path = normalizedPath(properties.admin().path());
    ServletRegistrationBean<TokenAdminServlet> registration =
        new ServletRegistrationBean<>(new TokenAdminServlet(tokenry, actors), path + "/*");
    registration.setName("tokenryAdmin");
    return registration;
  }

  /**
   * Refuses (400) a raw path that is not normalised ({@code //admin/api}, {@code /admin/./api},
   * {@code /x/../admin/api}, {@code %2e} segments, {@code ;} parameters) before any security
   * filter: Tomcat normalises it onto the admin servlet's mapping while Spring's path parsing of
   * that servlet's requests fails on the raw form, which would otherwise end as a 500. Spring
   * Security's firewall refuses the same requests, only later.
   *
   * @return the registration, just ahead of Spring Security's filter
   */
  @Bean
  @ConditionalOnMissingBean(name = "tokenryNormalizedPathFilter")
  public FilterRegistrationBean<OncePerRequestFilter> tokenryNormalizedPathFilter() {
    FilterRegistrationBean<OncePerRequestFilter> registration =
        new FilterRegistrationBean<>(new NormalizedPathFilter());
    registration.setOrder(SECURITY_FILTER_ORDER - 1);
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.addUrlPatterns("/*");
    return registration;
  }

  /**
   * Puts the caller's address, as the host's {@link ClientAddressResolver} bean reads it (else the
   * peer address), in the request attribute {@link
   * TokenAuthenticationFilter#CLIENT_ADDRESS_ATTRIBUTE} of every admin request, so that the audit
   * trail records the same address the bearer filter sees, not the host's proxy.
   *
   * @param resolver the host's resolver, if any
   * @param properties {@code tokenry.*}
   * @return the registration on the admin path, ahead of Spring Security's filter
   */
  @Bean
  @ConditionalOnMissingBean(name = "tokenryAdminClientAddressFilter")
  public FilterRegistrationBean<OncePerRequestFilter> tokenryAdminClientAddressFilter(
      ObjectProvider<ClientAddressResolver> resolver, TokenryProperties properties) {
    ClientAddressResolver addresses = resolver.getIfUnique(ClientAddressResolver::remoteAddress);
    String path = normalizedPath(properties.admin().path());
    FilterRegistrationBean<OncePerRequestFilter> registration =
        new FilterRegistrationBean<>(
            new OncePerRequestFilter() {
              @Override
              protected void doFilterInternal(
                  HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                  throws ServletException, IOException {
                request.setAttribute(
                    TokenAuthenticationFilter.CLIENT_ADDRESS_ATTRIBUTE,
                    addresses.clientAddress(request));
                chain.doFilter(request, response);
              }
            });
    registration.setOrder(SECURITY_FILTER_ORDER - 2);
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.addUrlPatterns(path, path + "/*");
    return registration;
  }

  static boolean isNormalized(String uri) {
    if (uri == null || uri.contains("//") || uri.indexOf(';') >= 0) {
      return false;
    }
    for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 1)) {
      // An encoded unreserved character (%61 for 'a', %2e for '.') is the same path spelled
      // another way (RFC 3986 §6.2.2.2); only reserved and non-ASCII bytes need encoding.
      if (i + 2 < uri.length()) {
        int high = Character.digit(uri.charAt(i + 1), 16);
        int low = Character.digit(uri.charAt(i + 2), 16);
        if (high >= 0 && low >= 0 && isUnreserved((char) (high * 16 + low))) {
          return false;
        }
      }
    }
    for (String segment : uri.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  /** Spring Boot's default order of Spring Security's filter. */
  private static final int SECURITY_FILTER_ORDER = -100;

  /** Answers 400 to a request whose raw path is not normalised. */
  static final class NormalizedPathFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      if (!isNormalized(request.getRequestURI())) {
        byte[] body = "{\"message\":\"Bad Request.\"}".getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        return;
      }
      chain.doFilter(request, response);
    }
  }

  /**
   * Checks and normalises {@code tokenry.admin.path}: one or more plain segments, no trailing
   * slash, nothing a servlet mapping or path matcher would read differently.
   */
  static String normalizedPath(String configured) {
    String path =
        configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
    if (!PATH.matcher(path).matches()
        || path.contains("/./")
        || path.contains("/../")
        || path.endsWith("/.")
        || path.endsWith("/..")) {
      throw new IllegalStateException(
          "tokenry.admin.path must be plain path segments such as /admin/api, was '"
              + configured.replaceAll("[^\\x20-\\x7e]", "?")
              + "'");
    }
    return path;
  }

  /**
   * {@code tokenry.admin.enabled}, or, when unset, whether an {@code ActorResolver} bean exists.
   */
  static final class AdminEnabled implements ConfigurationCondition {

    @Override
    public ConfigurationPhase getConfigurationPhase() {
      return ConfigurationPhase.REGISTER_BEAN;
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      String enabled = context.getEnvironment().getProperty("tokenry.admin.enabled");
      if (enabled != null) {
        return Boolean.parseBoolean(enabled.trim());
      }
      return context.getBeanFactory() != null
          && context.getBeanFactory().getBeanNamesForType(ActorResolver.class, true, false).length
              > 0;
    }
  }
}
