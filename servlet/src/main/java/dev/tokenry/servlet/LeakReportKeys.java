package dev.tokenry.servlet;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The public keys a secret scanner signs its leak reports with, by key id: the host's answer to
 * "which key is {@code Github-Public-Key-Identifier: …}?". Keys are ECDSA P-256.
 *
 * <p>GitHub publishes its keys at {@code https://api.github.com/meta/public_keys/secret_scanning}
 * as {@code {"public_keys":[{"key_identifier":"…","key":"-----BEGIN PUBLIC KEY-----…",
 * "is_current":true}]}}; {@link #fromGitHubMetadata} reads that document. A host fetches it on
 * start and again when a report names a key id it does not know (docs/servlet.md shows how), since
 * GitHub rotates keys and may sign with a key marked not current while the rotation runs.
 *
 * <pre>{@code
 * LeakReportKeys keys = LeakReportKeys.fromGitHubMetadata(
 *     http.send(HttpRequest.newBuilder(URI.create(
 *         "https://api.github.com/meta/public_keys/secret_scanning")).build(),
 *         HttpResponse.BodyHandlers.ofString()).body());
 * }</pre>
 */
@FunctionalInterface
public interface LeakReportKeys {

  /**
   * The key of a key id.
   *
   * @param keyId the id the report's header names, as sent (at most 256 printable ASCII characters
   *     reach this method)
   * @return the key, or empty if the id is unknown (the report is then refused with 401)
   */
  Optional<PublicKey> key(String keyId);

  /**
   * Keys given as PEM text ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo) by key
   * id, such as the example app's {@code --secret-scanning-keys} file.
   *
   * @param pemByKeyId key id to PEM text
   * @return the keys
   * @throws IllegalArgumentException naming the key id whose key is not an EC P-256 public key
   */
  static LeakReportKeys fromPem(Map<String, String> pemByKeyId) {
    requireNonNull(pemByKeyId, "pemByKeyId must not be null");
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    pemByKeyId.forEach(
        (id, pem) -> {
          requireNonNull(id, "key ids must not be null");
          requireNonNull(pem, "keys must not be null");
          keys.put(id, parsePem(id, pem));
        });
    Map<String, PublicKey> copy = Map.copyOf(keys);
    return id -> Optional.ofNullable(copy.get(id));
  }

  /**
   * Keys from GitHub's published key document (the body of {@code
   * https://api.github.com/meta/public_keys/secret_scanning}). Every listed key is accepted, the
   * current one and those being rotated out.
   *
   * @param json the document
   * @return the keys
   * @throws IllegalArgumentException if the document is not in that format or a key is not EC P-256
   */
  static LeakReportKeys fromGitHubMetadata(String json) {
    requireNonNull(json, "json must not be null");
    JsonNode document = AdminJson.parse(json.getBytes(StandardCharsets.UTF_8));
    JsonNode list = document == null ? null : document.get("public_keys");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException(
          "expected GitHub's key document {\"public_keys\":[{\"key_identifier\",\"key\"},…]}");
    }
    Map<String, String> pems = new LinkedHashMap<>();
    for (JsonNode entry : list) {
      JsonNode id = entry.get("key_identifier");
      JsonNode key = entry.get("key");
      if (id == null || !id.isTextual() || key == null || !key.isTextual()) {
        throw new IllegalArgumentException(
            "every entry of public_keys needs a key_identifier and a key");
      }
      pems.put(id.textValue(), key.textValue());
    }
    return fromPem(pems);
  }

  private static PublicKey parsePem(String id, String pem) {
    String base64 =
        pem.replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    try {
      PublicKey key =
          KeyFactory.getInstance("EC")
              .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
      if (key instanceof ECPublicKey ec
          && ec.getParams().getCurve().getField().getFieldSize() == 256) {
        return key;
      }
    } catch (IllegalArgumentException | InvalidKeySpecException e) {
      // reported below
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no EC key factory", e);
    }
    throw new IllegalArgumentException(
        "the key of key id '" + id + "' is not a PEM EC P-256 public key");
  }
}
