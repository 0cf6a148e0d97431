package dev.tokenry;

import dev.tokenry.spi.NameKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Collects every invalid field of one request, then throws them together. */
final class FieldChecks {

  static final int MAX_NAME = 100;
  static final int MAX_DESCRIPTION = 500;
  static final int MAX_PERMISSIONS = 100;

  /** The stores' name_key column holds this many characters. */
  static final int MAX_NAME_KEY = 400;

  private final Map<String, List<String>> errors = new LinkedHashMap<>();

  void add(String field, String message) {
    errors.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
  }

  boolean has(String field) {
    return errors.containsKey(field);
  }

  /** Returns the trimmed name, or null after recording why it is unfit. */
  String name(String raw) {
    if (raw == null) {
      add("name", "name is required");
      return null;
    }
    String name = raw.strip();
    if (name.isEmpty()) {
      add("name", "name must not be blank");
    } else if (name.length() > MAX_NAME) {
      add("name", "name must be at most " + MAX_NAME + " characters, was " + name.length());
    } else if (containsControl(name, false)) {
      add("name", "name must not contain control characters");
    } else if (invisible(name) >= 0) {
      add(
          "name",
          "name must not contain invisible format or separator characters, found "
              + String.format("U+%04X", invisible(name)));
    } else if (NameKey.of(name).length() > MAX_NAME_KEY) {
      add("name", "name is too long once normalized for comparison");
    } else {
      return name;
    }
    return null;
  }

  /** Records why a name filter is unfit: no name could contain it, or a store could not take it. */
  void nameFilter(String text) {
    if (text.length() > MAX_NAME) {
      add("name", "name filter must be at most " + MAX_NAME + " characters, was " + text.length());
    } else if (containsControl(text, false)) {
      add("name", "name filter must not contain control characters");
    }
  }

  /** Returns the trimmed description, or null after recording why it is unfit. */
  String description(String raw) {
    // Browsers send a textarea's line breaks as CRLF: keep them as plain line feeds.
    String description = raw == null ? "" : raw.replace("\r", "").strip();
    if (description.length() > MAX_DESCRIPTION) {
      add(
          "description",
          "description must be at most "
              + MAX_DESCRIPTION
              + " characters, was "
              + description.length());
      return null;
    }
    if (containsControl(description, true)) {
      add(
          "description",
          "description must not contain control characters other than line breaks" + " and tabs");
      return null;
    }
    if (invisible(description) >= 0) {
      add(
          "description",
          "description must not contain invisible format or separator characters,"
              + " found "
              + String.format("U+%04X", invisible(description)));
      return null;
    }
    return description;
  }

  /** A loop rather than a stream: this runs on every issue and edit. */
  private static boolean containsControl(String text, boolean allowLineBreaksAndTabs) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && !(allowLineBreaksAndTabs && (c == '\n' || c == '\t'))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the first code point that could make text read other than it is (bidi overrides,
   * zero-width and other format characters, line and paragraph separators, lone surrogates), or -1.
   */
  static int invisible(String text) {
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      switch (Character.getType(c)) {
        case Character.FORMAT,
            Character.LINE_SEPARATOR,
            Character.PARAGRAPH_SEPARATOR,
            Character.SURROGATE -> {
          return c;
        }
        default -> i += Character.charCount(c);
      }
    }
    return -1;
  }

  void projectId(String projectId) {
    if (projectId != null) {
      String problem = Identifiers.problem(projectId);
      if (problem != null) {
        add("projectId", "projectId " + problem);
      }
    }
  }

  /** Returns the expiry instant (null for never), recording a missing or past expiration. */
  Instant expiration(Expiration expiration, Instant now) {
    if (expiration == null) {
      add("expiresIn", "expiresIn is required: one of 1d, 7d, 30d, 60d, 90d, never");
      return null;
    }
    Instant at = expiration.resolve(now).orElse(null);
    if (at != null && !at.isAfter(now)) {
      add("expiresAt", "expiresAt must be in the future, was " + at);
    }
    return at;
  }

  /**
   * Returns the permissions a type and an explicit list grant, or null after recording why they are
   * unfit.
   */
  PermissionSet permissions(TokenType type, List<String> explicit, Set<String> known) {
    if (type == null) {
      add("type", "type is required: read-only, full-access or custom");
      return null;
    }
    if (type != TokenType.CUSTOM) {
      if (explicit != null) {
        add("permissions", "permissions can only be given for custom tokens");
        return null;
      }
      return type.presetPermissions().orElseThrow();
    }
    if (explicit == null || explicit.isEmpty()) {
      add("permissions", "a custom token needs at least one permission");
      return null;
    }
    if (explicit.size() > MAX_PERMISSIONS) {
      add("permissions", "at most " + MAX_PERMISSIONS + " permissions, was " + explicit.size());
      return null;
    }
    boolean ok = true;
    for (String permission : explicit) {
      if (!PermissionSet.isWellFormed(permission)) {
        add(
            "permissions",
            "'" + printable(permission) + "' is not a permission of the form" + " resource:action");
        ok = false;
      } else if (known != null && !matchesKnown(permission, known)) {
        add("permissions", "'" + permission + "' is not a known permission");
        ok = false;
      }
    }
    return ok ? PermissionSet.of(explicit) : null;
  }

  private static boolean matchesKnown(String permission, Set<String> known) {
    PermissionSet wanted = PermissionSet.of(permission);
    for (String k : known) {
      if (wanted.allows(k)) {
        return true;
      }
    }
    return false;
  }

  private static String printable(String value) {
    String cut = value.length() > 60 ? value.substring(0, 60) + "…" : value;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new InvalidTokenRequestException(errors);
    }
  }
}
