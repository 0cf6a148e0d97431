package dev.tokenry.testsupport;

import java.util.List;

/** A line diff of two listings for a failure message: only the changed lines, under their type. */
final class Diff {

  private Diff() {}

  /**
   * Returns the lines only in {@code before} (prefixed {@code -}) and only in {@code after} ({@code
   * +}), in order, each group under the unindented line (the type) it belongs to.
   */
  static String lines(String before, String after) {
    List<String> a = before.lines().toList();
    List<String> b = after.lines().toList();
    // Longest common subsequence, from the end, so the walk below goes forwards.
    int[][] common = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        common[i][j] =
            a.get(i).equals(b.get(j))
                ? common[i + 1][j + 1] + 1
                : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    StringBuilder out = new StringBuilder();
    String type = null;
    String shownType = null;
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        type = isType(a.get(i)) ? a.get(i) : type;
        i++;
        j++;
        continue;
      }
      boolean removed = j == b.size() || i < a.size() && common[i + 1][j] >= common[i][j + 1];
      String line = removed ? a.get(i++) : b.get(j++);
      if (!isType(line) && type != null && !type.equals(shownType)) {
        out.append("  ").append(type).append('\n');
        shownType = type;
      }
      out.append(removed ? "- " : "+ ").append(line).append('\n');
    }
    return out.toString();
  }

  private static boolean isType(String line) {
    return !line.isEmpty() && !line.startsWith(" ") && !line.startsWith("#");
  }
}
