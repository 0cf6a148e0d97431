package dev.tokenry.servlet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenry.ApiToken;
import dev.tokenry.AuditPage;
import dev.tokenry.TokenPage;
import dev.tokenry.spi.AuditRecord;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The admin API's JSON: reading request bodies as trees and writing token objects. Internal. */
final class AdminJson {

  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private AdminJson() {}

  /** Parses a body; null when it is not one JSON value. */
  static JsonNode parse(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /**
   * The token object of the admin API.
   *
   * @param projectNames the display name of each project of the token's organization, by id
   */
  static ObjectNode token(ApiToken token, Map<String, String> projectNames) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", token.id());
    node.put("name", token.name());
    node.put("description", token.description());
    node.put("kind", token.kind().wireName());
    ObjectNode scope = node.putObject("scope");
    scope.put("type", token.scope().projectId().isPresent() ? "project" : "organization");
    scope.put("organizationId", token.organizationId());
    scope.put("projectId", token.scope().projectId().orElse(null));
    scope.put("projectName", token.scope().projectId().map(projectNames::get).orElse(null));
    node.put("owner", token.owner().orElse(null));
    node.put("type", token.type().wireName());
    ArrayNode permissions = node.putArray("permissions");
    token.permissions().values().forEach(permissions::add);
    node.put("masked", token.masked());
    node.put("createdAt", instant(token.createdAt()));
    node.put("createdBy", token.createdBy());
    node.put("expiresAt", instant(token.expiresAt()));
    node.put("lastUsedAt", instant(token.lastUsedAt()));
    node.put("lastUsedFrom", token.lastUsedFrom().orElse(null));
    // Until when the secret a regeneration replaced still works (past once its grace is over);
    // never the superseded secret or its hash.
    node.put("previousSecretValidUntil", instant(token.previousSecretValidUntil()));
    node.put("version", token.version());
    return node;
  }

  static ObjectNode page(TokenPage page, Map<String, String> projectNames) {
    ObjectNode node = MAPPER.createObjectNode();
    ArrayNode tokens = node.putArray("tokens");
    page.tokens().forEach(token -> tokens.add(token(token, projectNames)));
    node.put("nextCursor", page.nextCursor().orElse(null));
    return node;
  }

  /** One audit record: never a plaintext or a hash, only ids and the masked token. */
  static ObjectNode auditRecord(AuditRecord record) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", record.id());
    node.put("at", instant(record.at()));
    node.put("action", record.action().wireName());
    node.put("actor", record.actorUserId());
    node.put("organizationId", record.organizationId());
    node.put("tokenId", record.tokenId().orElse(null));
    node.put("masked", record.maskedToken().orElse(null));
    node.put("tokenOwner", record.tokenOwner().orElse(null));
    ArrayNode fields = node.putArray("fields");
    record.fields().forEach(fields::add);
    node.put("source", record.source().orElse(null));
    node.put("url", record.url().orElse(null));
    node.put("reason", record.reason().orElse(null));
    node.put("clientAddress", record.origin().clientAddress().orElse(null));
    node.put("userAgent", record.origin().userAgent().orElse(null));
    return node;
  }

  static ObjectNode auditPage(AuditPage page) {
    ObjectNode node = MAPPER.createObjectNode();
    ArrayNode records = node.putArray("records");
    page.records().forEach(record -> records.add(auditRecord(record)));
    node.put("nextCursor", page.nextCursor().orElse(null));
    return node;
  }

  static ObjectNode issued(ApiToken token, String plaintext, Map<String, String> projectNames) {
    ObjectNode node = MAPPER.createObjectNode();
    node.set("token", token(token, projectNames));
    node.put("plaintext", plaintext);
    return node;
  }

  static ObjectNode error(String message, Map<String, List<String>> errors) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("message", message);
    ObjectNode fields = node.putObject("errors");
    errors.forEach(
        (field, messages) -> {
          ArrayNode list = fields.putArray(field);
          messages.forEach(list::add);
        });
    return node;
  }

  static String instant(Optional<Instant> instant) {
    return instant.map(AdminJson::instant).orElse(null);
  }

  static String instant(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write JSON", e);
    }
  }
}
