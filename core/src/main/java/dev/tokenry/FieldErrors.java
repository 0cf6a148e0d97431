package dev.tokenry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers shared by the exceptions that carry per-field messages. */
final class FieldErrors {

  private FieldErrors() {}

  static Map<String, List<String>> copy(Map<String, List<String>> errors) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    errors.forEach((field, messages) -> copy.put(field, List.copyOf(messages)));
    return Collections.unmodifiableMap(copy);
  }

  static String summary(String lead, Map<String, List<String>> errors) {
    StringBuilder text = new StringBuilder(lead);
    errors.forEach(
        (field, messages) ->
            text.append(' ')
                .append(field)
                .append(": ")
                .append(String.join("; ", messages))
                .append('.'));
    return text.toString();
  }
}
