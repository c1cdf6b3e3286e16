package org.betweensessions.consent;

import static org.assertj.core.api.Assertions.assertThat;

import org.betweensessions.demo.DemoPractice;
import org.betweensessions.policy.ClientPolicyDocument;
import org.betweensessions.policy.LanguageBank;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every outgoing consent text is warm and free of the phrases to avoid, in both languages. */
class ConsentNotificationsTest {

    @ParameterizedTest
    @ValueSource(strings = {"en", "es"})
    void outgoingTextsAvoidTheAvoidList(String language) {
        var doc = ClientPolicyDocument.render(2, DemoPractice.defaultPolicy(), language, null);
        for (String text : new String[] {
            ConsentNotifications.policy(doc, false),
            ConsentNotifications.policy(doc, true),
            ConsentNotifications.reminder(language, 2, "988 (Call or text 988)"),
            ConsentNotifications.confirmed(language, 2)
        }) {
            assertThat(LanguageBank.findAvoidedPhrase(text)).as(text).isEmpty();
            assertThat(text).doesNotContainIgnoringCase("you must");
        }
        assertThat(ConsentNotifications.reminder(language, 2, "988 (Call or text 988)"))
                .contains("988");
        assertThat(ConsentNotifications.policy(doc, true)).contains(doc.text());
    }
}
