package dev.tokenry.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The two request judgements the default chains rest on: which raw paths are normalised, and which
 * HTTP Basic calls no cross-site page can make a browser send. (Servlet requests built in memory:
 * these are pure functions of the request line and headers; the HTTP tests prove the chains around
 * them.)
 */
class RequestShapesTest {

  @Test
  void isNormalizedWhenPathIsPlainThenTrue() {
    for (String path :
        new String[] {
          "/",
          "/admin/api",
          "/admin/api/tokens/",
          "/api/projects/p-a/contracts",
          "/a%20b",
          "/caf%C3%A9"
        }) {
      assertThat(TokenryAdminAutoConfiguration.isNormalized(path)).as(path).isTrue();
    }
  }

  @Test
  void isNormalizedWhenPathHasAnotherSpellingThenFalse() {
    for (String path :
        new String[] {
          "//admin/api",
          "/admin//api",
          "/admin/./api",
          "/admin/../admin/api",
          "/admin/api/.",
          "/admin/api/..",
          "/admin;x=y/api",
          "/admin/api;jsessionid=1",
          "/admin/%61pi",
          "/admin/%2e/api",
          "/admin/%2E%2E/api",
          "/admin/api%7e",
          null
        }) {
      assertThat(TokenryAdminAutoConfiguration.isNormalized(path)).as(path).isFalse();
    }
  }

  private static MockHttpServletRequest request(String method, String authorization, String type) {
    MockHttpServletRequest request = new MockHttpServletRequest(method, "/admin/api/tokens");
    if (authorization != null) {
      request.addHeader("Authorization", authorization);
    }
    if (type != null) {
      request.setContentType(type);
    }
    return request;
  }

  @Test
  void unforgeableBasicCallWhenBasicWithJsonOrANonPostMethodThenTrue() {
    assertThat(
            TokenrySecurityAutoConfiguration.unforgeableBasicCall(
                request("POST", "Basic eDp5", "application/json")))
        .isTrue();
    assertThat(
            TokenrySecurityAutoConfiguration.unforgeableBasicCall(
                request("POST", "basic eDp5", "application/json; charset=utf-8")))
        .isTrue();
    assertThat(
            TokenrySecurityAutoConfiguration.unforgeableBasicCall(
                request("PATCH", "Basic eDp5", "text/plain")))
        .isTrue();
    assertThat(
            TokenrySecurityAutoConfiguration.unforgeableBasicCall(
                request("DELETE", "Basic eDp5", null)))
        .isTrue();
  }

  @Test
  void unforgeableBasicCallWhenAFormCouldSendItOrThereIsNoBasicThenFalse() {
    for (String type :
        new String[] {
          "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "TEXT/PLAIN", null
        }) {
      assertThat(
              TokenrySecurityAutoConfiguration.unforgeableBasicCall(
                  request("POST", "Basic eDp5", type)))
          .as(String.valueOf(type))
          .isFalse();
    }
    assertThat(
            TokenrySecurityAutoConfiguration.unforgeableBasicCall(
                request("POST", null, "application/json")))
        .isFalse();
    assertThat(
            TokenrySecurityAutoConfiguration.unforgeableBasicCall(
                request("DELETE", "Bearer x", null)))
        .isFalse();
    assertThat(
            TokenrySecurityAutoConfiguration.unforgeableBasicCall(
                request("POST", "Basicx", "application/json")))
        .isFalse();
  }
}
