package org.betweensessions.policy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Phrases the seeds tell us never to send a client (DOMAIN.md, "Language bank"): each shames the
 * client or withdraws care. Outgoing templates and policy text are checked against them.
 */
public final class LanguageBank {

  /** The core of each phrase to avoid, lower case; matching ignores case and curly apostrophes. */
  public static final List<String> AVOID = List.of(
      "too busy to respond",
      "should not be texting me",
      "not an emergency, so i am not going to engage",
      "not going to engage",
      "need to wait until our scheduled appointment");

  private LanguageBank() {}

  /** The first phrase to avoid that {@code text} contains, if any. */
  public static Optional<String> findAvoidedPhrase(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String normal = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replaceAll("\\s+", " ");
    return AVOID.stream().filter(normal::contains).findFirst();
  }
}
