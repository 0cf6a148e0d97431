package dev.tokenry.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.Role;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import dev.tokenry.spring.boot.app.DemoHost;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The host's own chain: its JWTs (Spring's resource server) and Tokenry tokens on one chain, told
 * apart by Tokenry's prefix and checksum, with {@code hasAuthority} in {@code
 * authorizeHttpRequests}. The starter's default chains back off.
 */
@SpringBootTest(
    classes = {DemoHost.class, HostChainJwtHttpTest.HostChain.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostChainJwtHttpTest {

  static final byte[] JWT_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  @TestConfiguration
  static class HostChain {

    @Bean
    JwtDecoder jwtDecoder() {
      return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(JWT_KEY, "HmacSHA256")).build();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
      return http.with(
              TokenryConfigurer.tokenry().alongsideOtherBearerTokens(), Customizer.withDefaults())
          .oauth2ResourceServer(o -> o.jwt(Customizer.withDefaults()))
          .authorizeHttpRequests(
              a ->
                  a.requestMatchers(HttpMethod.GET, "/api/projects/*/contracts")
                      .hasAnyAuthority("contracts:read", "SCOPE_contracts")
                      .requestMatchers(HttpMethod.GET, "/api/v1/me")
                      .hasAuthority("contracts:read")
                      .anyRequest()
                      .authenticated())
          .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
          .csrf(c -> c.disable())
          .build();
    }
  }

  @LocalServerPort int port;
  @Autowired Tokenry tokenry;

  private String tokenryToken(TokenRequest.Builder request) {
    return tokenry
        .issue(
            Actor.user("alice", "acme", Role.OWNER),
            request.expiresIn(ExpiryPreset.ONE_DAY).build())
        .plaintext();
  }

  private static String jwt(String scope) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .subject("service-a")
                .claim("scope", scope)
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .build());
    jwt.sign(new MACSigner(JWT_KEY));
    return jwt.serialize();
  }

  @Test
  void chainWhenATokenryTokenComesThenTokenryAuthenticatesIt() {
    String token = tokenryToken(TokenRequest.builder().name("ro").type(TokenType.READ_ONLY));
    Http http = new Http(port);

    assertThat(http.get("/api/v1/me", "Authorization", "Bearer " + token).statusCode())
        .isEqualTo(200);
    assertThat(
            http.get("/api/projects/royalties/contracts", "Authorization", "Bearer " + token)
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void chainWhenAJwtComesThenTheResourceServerAuthenticatesIt() throws Exception {
    Http http = new Http(port);
    String jwt = jwt("contracts");

    HttpResponse<String> whoami = http.get("/api/whoami", "Authorization", "Bearer " + jwt);
    assertThat(whoami.statusCode()).isEqualTo(200);
    assertThat(whoami.body()).contains("\"name\":\"service-a\"").contains("JwtAuthenticationToken");
    HttpResponse<String> me = http.get("/api/v1/me", "Authorization", "Bearer " + jwt);
    assertThat(me.statusCode()).isEqualTo(403);
  }

  @Test
  void chainWhenATokenryTokenLacksTheAuthorityThen403InsufficientScopeWithScope() {
    String token = tokenryToken(TokenRequest.builder().name("custom").custom("royalties:read"));

    HttpResponse<String> answer =
        new Http(port).get("/api/v1/me", "Authorization", "Bearer " + token);

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(answer.headers().firstValue("WWW-Authenticate"))
        .hasValue(
            "Bearer realm=\"acme-api\", error=\"insufficient_scope\", scope=\"contracts:read\"");
    assertThat(answer.body()).isEqualTo("{\"message\":\"Forbidden.\"}");
  }

  @Test
  void
      chainWhenABearerIsNeitherThenRefused401AndARevokedTokenryTokenTooNeverReachingTheJwtDecoder() {
    String token = tokenryToken(TokenRequest.builder().name("gone").type(TokenType.READ_ONLY));
    tokenry.revoke(
        Actor.user("alice", "acme", Role.OWNER), tokenry.verify(token).orElseThrow().tokenId());
    Http http = new Http(port);

    HttpResponse<String> garbage = http.get("/api/v1/me", "Authorization", "Bearer not.a.jwt");
    assertThat(garbage.statusCode()).isEqualTo(401);
    assertThat(garbage.headers().firstValue("WWW-Authenticate").orElse(""))
        .contains("invalid_token");
    HttpResponse<String> revoked = http.get("/api/v1/me", "Authorization", "Bearer " + token);
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(revoked.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"acme-api\", error=\"invalid_token\"");
    assertThat(revoked.body()).isEqualTo("{\"message\":\"Unauthenticated.\"}");
  }
}
