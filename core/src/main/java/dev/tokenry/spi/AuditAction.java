package dev.tokenry.spi;

import java.util.Locale;

/** What an audit record says happened. Its wire name is the lower-case constant name. */
public enum AuditAction {
  /** A token was issued. */
  ISSUED,
  /**
   * A token's name, description, type, permissions or expiry changed ({@link AuditRecord#fields}).
   */
  EDITED,
  /** A token got a new secret. */
  REGENERATED,
  /** A token was deleted by someone who manages it. */
  REVOKED,
  /** A token was deleted as one of several in one bulk request. */
  BULK_REVOKED,
  /** A token was deleted because it was reported as leaked ({@link AuditRecord#source}). */
  LEAK_REVOKED,
  /** The owner or organization was told that a token expires soon. */
  EXPIRY_NOTICE_SENT,
  /** A management action was refused because the actor lacks the role or permissions. */
  REFUSED_PERMISSION,
  /** A management action was refused by the organization's token policy. */
  REFUSED_POLICY;

  /**
   * Returns the wire name, such as {@code bulk_revoked}.
   *
   * @return the name used in JSON and in the JDBC table
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name.
   *
   * @param name such as {@code leak_revoked}
   * @return the action
   * @throws IllegalArgumentException if it names none
   */
  public static AuditAction fromWireName(String name) {
    for (AuditAction action : values()) {
      if (action.wireName().equals(name)) {
        return action;
      }
    }
    throw new IllegalArgumentException(
        "action must be one of issued, edited, regenerated, revoked, bulk_revoked, leak_revoked,"
            + " expiry_notice_sent, refused_permission, refused_policy");
  }
}
