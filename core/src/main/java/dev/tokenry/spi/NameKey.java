package dev.tokenry.spi;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The form in which token names are compared for uniqueness and filtering, so that names which look
 * alike are one name: compatibility forms folded (NFKC: {@code Ｄeploy}, a no-break space, an NFD
 * spelling), case folded ({@code Deploy}, {@code DEPLOY}, {@code ß}/{@code ss}), and default
 * ignorable code points dropped ({@code De\u00ADploy}). Letters of other scripts stay distinct
 * (Cyrillic {@code е} is not Latin {@code e}). Stores keep it next to the name so that a database
 * constraint can enforce uniqueness.
 */
public final class NameKey {

  private NameKey() {}

  /**
   * Returns the comparison form of a name.
   *
   * @param name a token name
   * @return the comparison key
   */
  public static String of(String name) {
    String compatible = Normalizer.normalize(name, Normalizer.Form.NFKC);
    // Upper then lower case folds what lower case alone keeps apart (ß and ss, final sigma).
    String folded = compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    String key = Normalizer.normalize(folded, Normalizer.Form.NFKC);
    StringBuilder kept = null;
    for (int i = 0; i < key.length(); ) {
      int c = key.codePointAt(i);
      int next = i + Character.charCount(c);
      if (ignorable(c)) {
        if (kept == null) {
          kept = new StringBuilder(key.length()).append(key, 0, i);
        }
      } else if (kept != null) {
        kept.append(key, i, next);
      }
      i = next;
    }
    return kept == null ? key : kept.toString();
  }

  /** Unicode's Default_Ignorable_Code_Point, by its definition in DerivedCoreProperties. */
  private static boolean ignorable(int c) {
    return (Character.getType(c) == Character.FORMAT
            && !(c >= 0x0600 && c <= 0x0605)
            && c != 0x06DD
            && c != 0x070F
            && c != 0x08E2
            && c != 0x110BD
            && c != 0x110CD)
        || c == 0x034F
        || c == 0x115F
        || c == 0x1160
        || c == 0x17B4
        || c == 0x17B5
        || (c >= 0x180B && c <= 0x180F)
        || c == 0x3164
        || (c >= 0xFE00 && c <= 0xFE0F)
        || c == 0xFFA0
        || (c >= 0x1BCA0 && c <= 0x1BCA3)
        || (c >= 0xE0000 && c <= 0xE0FFF);
  }
}
