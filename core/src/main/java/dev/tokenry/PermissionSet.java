package dev.tokenry;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An immutable set of permissions of the form {@code resource:action}, compared case-sensitively,
 * where either part may be the wildcard {@code *} and a lone {@code *} grants everything.
 *
 * <pre>{@code
 * PermissionSet granted = PermissionSet.of("contracts:*", "*:read");
 * granted.allows("contracts:write");   // true
 * granted.allows("royalties:write");   // false
 * }</pre>
 */
public final class PermissionSet {

  private static final Pattern PART = Pattern.compile("\\*|[A-Za-z][A-Za-z0-9_.-]{0,63}");
  private static final String WILDCARD = "*";

  /** The empty set: allows nothing. */
  public static final PermissionSet NONE = new PermissionSet(new String[0], new String[0]);

  /** The set holding {@code *}: allows everything. */
  public static final PermissionSet ALL =
      new PermissionSet(new String[] {WILDCARD}, new String[] {WILDCARD});

  // Parallel arrays keep allows() free of allocation on the verification path.
  private final String[] resources;
  private final String[] actions;

  private PermissionSet(String[] resources, String[] actions) {
    this.resources = resources;
    this.actions = actions;
  }

  /**
   * Parses permissions.
   *
   * @param permissions strings like {@code contracts:read}, {@code *:read} or {@code *}
   * @return the set
   * @throws IllegalArgumentException naming the first malformed permission
   */
  public static PermissionSet of(String... permissions) {
    requireNonNull(permissions, "permissions must not be null");
    return of(Arrays.asList(permissions));
  }

  /**
   * Parses permissions.
   *
   * @param permissions strings like {@code contracts:read}, {@code *:read} or {@code *}
   * @return the set
   * @throws IllegalArgumentException naming the first malformed permission
   */
  public static PermissionSet of(Collection<String> permissions) {
    requireNonNull(permissions, "permissions must not be null");
    TreeSet<String> normalized = new TreeSet<>();
    for (String permission : permissions) {
      normalized.add(normalize(permission));
    }
    return fromNormalized(normalized);
  }

  /**
   * Tells whether a string is a well-formed permission, without throwing.
   *
   * @param permission the candidate
   * @return true if {@link #of(String...)} would accept it
   */
  public static boolean isWellFormed(String permission) {
    try {
      normalize(permission);
      return true;
    } catch (IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }

  private static String normalize(String permission) {
    requireNonNull(permission, "permission must not be null");
    if (permission.equals(WILDCARD)) {
      return WILDCARD;
    }
    int colon = permission.indexOf(':');
    if (colon < 0
        || colon != permission.lastIndexOf(':')
        || !PART.matcher(permission.substring(0, colon)).matches()
        || !PART.matcher(permission.substring(colon + 1)).matches()) {
      throw new IllegalArgumentException(
          "permission '"
              + printable(permission)
              + "' must be 'resource:action' (letters, digits, '_', '.', '-'; '*' as a wildcard) or '*'");
    }
    return permission.equals("*:*") ? WILDCARD : permission;
  }

  private static String printable(String value) {
    String cut = value.length() > 80 ? value.substring(0, 80) + "…" : value;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  private static PermissionSet fromNormalized(Set<String> normalized) {
    if (normalized.isEmpty()) {
      return NONE;
    }
    if (normalized.contains(WILDCARD)) {
      return ALL;
    }
    String[] resources = new String[normalized.size()];
    String[] actions = new String[normalized.size()];
    int i = 0;
    for (String permission : normalized) {
      int colon = permission.indexOf(':');
      resources[i] = permission.substring(0, colon);
      actions[i] = permission.substring(colon + 1);
      i++;
    }
    return new PermissionSet(resources, actions);
  }

  /**
   * Whether this set grants the given permission. A wildcard in the argument is matched literally
   * by a wildcard in the set, so {@code allows("*:read")} asks whether every read is granted.
   *
   * @param permission a permission such as {@code contracts:read}
   * @return true if some member of this set grants it
   * @throws IllegalArgumentException if the permission is malformed
   */
  public boolean allows(String permission) {
    requireNonNull(permission, "permission must not be null");
    if (resources.length == 0) {
      return false;
    }
    if (permission.equals(WILDCARD)) {
      return isAll();
    }
    int colon = permission.indexOf(':');
    if (colon <= 0 || colon == permission.length() - 1) {
      throw new IllegalArgumentException(
          "permission '" + printable(permission) + "' must be 'resource:action' or '*'");
    }
    for (int i = 0; i < resources.length; i++) {
      if (covers(resources[i], permission, 0, colon)
          && covers(actions[i], permission, colon + 1, permission.length())) {
        return true;
      }
    }
    return false;
  }

  private static boolean covers(String granted, String wanted, int from, int to) {
    return granted.equals(WILDCARD)
        || (granted.length() == to - from && wanted.startsWith(granted, from));
  }

  /**
   * Whether this set grants everything the other set grants.
   *
   * @param other another set
   * @return true if every member of {@code other} is granted by this set
   */
  public boolean containsAll(PermissionSet other) {
    requireNonNull(other, "other must not be null");
    for (String permission : other.values()) {
      if (!allows(permission)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns exactly what both sets grant. Wildcards meet precisely: {@code *:read} and {@code
   * contracts:*} give {@code contracts:read}.
   *
   * @param other another set
   * @return the intersection
   */
  public PermissionSet intersect(PermissionSet other) {
    requireNonNull(other, "other must not be null");
    if (other.isAll()) {
      return this;
    }
    if (isAll()) {
      return other;
    }
    TreeSet<String> meet = new TreeSet<>();
    for (int i = 0; i < resources.length; i++) {
      for (int j = 0; j < other.resources.length; j++) {
        String resource = meet(resources[i], other.resources[j]);
        String action = meet(actions[i], other.actions[j]);
        if (resource != null && action != null) {
          meet.add(resource + ":" + action);
        }
      }
    }
    // Drop members that another member already grants, so the result reads simply.
    TreeSet<String> minimal = new TreeSet<>();
    PermissionSet all = fromNormalized(meet);
    for (String candidate : meet) {
      TreeSet<String> rest = new TreeSet<>(meet);
      rest.remove(candidate);
      if (!fromNormalized(rest).allows(candidate)) {
        minimal.add(candidate);
      }
    }
    return minimal.size() == meet.size() ? all : fromNormalized(minimal);
  }

  private static String meet(String a, String b) {
    if (a.equals(WILDCARD)) {
      return b;
    }
    if (b.equals(WILDCARD) || a.equals(b)) {
      return a;
    }
    return null;
  }

  /**
   * Whether this set grants everything.
   *
   * @return true for the set holding {@code *}
   */
  public boolean isAll() {
    return resources.length == 1 && resources[0].equals(WILDCARD) && actions[0].equals(WILDCARD);
  }

  /**
   * Whether this set grants nothing.
   *
   * @return true for the empty set
   */
  public boolean isEmpty() {
    return resources.length == 0;
  }

  /**
   * Returns the members in their normal form, sorted.
   *
   * @return an unmodifiable sorted list of permission strings
   */
  public List<String> values() {
    if (isAll()) {
      return List.of(WILDCARD);
    }
    List<String> values = new ArrayList<>(resources.length);
    for (int i = 0; i < resources.length; i++) {
      values.add(resources[i] + ":" + actions[i]);
    }
    return Collections.unmodifiableList(values);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PermissionSet other
        && Arrays.equals(resources, other.resources)
        && Arrays.equals(actions, other.actions);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(resources) + Arrays.hashCode(actions);
  }

  @Override
  public String toString() {
    return values().toString();
  }
}
