package dev.tokenry.servlet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.TokenPolicy;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import java.util.Locale;
import java.util.Set;

/**
 * {@code GET {mount}/context}: everything the token page needs to know about the acting user, in
 * one answer — who they are, what they may manage and grant, the organization's projects and the
 * expiry choices.
 */
final class PageContext {

  /** The expiry the create form starts with. */
  static final ExpiryPreset DEFAULT_EXPIRY = ExpiryPreset.THIRTY_DAYS;

  private PageContext() {}

  static ObjectNode of(Tokenry tokenry, Actor actor) {
    ObjectNode node = AdminJson.MAPPER.createObjectNode();
    ObjectNode who = node.putObject("actor");
    who.put("userId", actor.system() ? null : actor.userId());
    who.put("organizationId", actor.organizationId());
    who.put("role", actor.role().name().toLowerCase(Locale.ROOT));
    who.put("system", actor.system());
    ObjectNode may = node.putObject("can");
    may.put("manageOrganizationTokens", actor.role().managesOrganizationTokens());
    may.put("managePersonalTokens", !actor.system());
    ObjectNode permissions = node.putObject("permissions");
    ArrayNode grantable = permissions.putArray("grantable");
    tokenry.grantablePermissions(actor).forEach(grantable::add);
    Set<String> known = tokenry.knownPermissions().orElse(null);
    if (known == null) {
      permissions.putNull("known");
    } else {
      ArrayNode list = permissions.putArray("known");
      known.stream().sorted().forEach(list::add);
    }
    ArrayNode projects = node.putArray("projects");
    tokenry
        .projects(actor)
        .forEach(
            project -> {
              ObjectNode entry = projects.addObject();
              entry.put("id", project.id());
              entry.put("name", project.name());
            });
    ObjectNode expiry = node.putObject("expiry");
    // Only what the organization's policy offers (docs/lifecycle.md), in the presets' order.
    TokenPolicy policy = tokenry.policy(actor);
    ArrayNode presets = expiry.putArray("presets");
    for (ExpiryPreset preset : ExpiryPreset.values()) {
      if (policy.presets().contains(preset)) {
        presets.add(preset.wireName());
      }
    }
    expiry.put(
        "default",
        policy.presets().contains(DEFAULT_EXPIRY)
            ? DEFAULT_EXPIRY.wireName()
            : policy.presets().stream().findFirst().map(ExpiryPreset::wireName).orElse(null));
    expiry.put("neverExpires", policy.neverExpires());
    expiry.put("latestExpiresAt", AdminJson.instant(tokenry.latestExpiry(actor)));
    expiry.put("maxGracePeriod", tokenry.maxGracePeriod().toString());
    ArrayNode types = node.putArray("types");
    for (TokenType type : TokenType.values()) {
      types.add(type.wireName());
    }
    node.put("prefix", tokenry.prefix());
    return node;
  }
}
