package org.betweensessions.policy;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.betweensessions.calendar.ResponseWindow.Kind;
import org.betweensessions.message.Channel;
import org.betweensessions.policy.InvalidPolicyException.FieldError;
import org.betweensessions.policy.PolicyDocument.CrisisResource;
import org.betweensessions.policy.PolicyDocument.OfferedChannel;
import org.betweensessions.policy.PolicyDocument.OfficeHoursBlock;

/**
 * What a policy needs before clients may be asked to agree to it: at least one channel, a positive
 * response window, crisis resources, the stances in plain words, and none of the phrases to avoid.
 * Translations are checked like the texts they translate; when the practice has clients who read
 * another language (e.g. Spanish), the crisis section must be translated into it: what counts as a
 * crisis, the after-hours instructions and each resource's name (a contact such as "911" may stay).
 */
final class PolicyValidator {

    private static final int MAX_TEXT = 1000;

    private final String prefix;
    private final Set<String> clientLanguages;
    private final List<FieldError> errors = new ArrayList<>();

    private PolicyValidator(String prefix, Set<String> clientLanguages) {
        this.prefix = prefix;
        this.clientLanguages = clientLanguages;
    }

    /** Throws {@link InvalidPolicyException} naming each field (prefixed, e.g. "document."). */
    static void check(PolicyDocument doc, String prefix) {
        check(doc, prefix, Set.of());
    }

    /**
     * As {@link #check(PolicyDocument, String)}, and the crisis section must be translated into every
     * language of {@code clientLanguages} other than the default (English).
     */
    static void check(PolicyDocument doc, String prefix, Set<String> clientLanguages) {
        PolicyValidator v = new PolicyValidator(prefix, clientLanguages);
        v.validate(doc);
        if (!v.errors.isEmpty()) {
            throw new InvalidPolicyException(v.errors);
        }
    }

    private void validate(PolicyDocument doc) {
        if (doc == null) {
            error("", "A policy document is required");
            return;
        }
        Set<Channel> offered = new HashSet<>();
        if (doc.channelsOffered() == null || doc.channelsOffered().isEmpty()) {
            error("channelsOffered", "At least one channel must be offered");
        } else {
            for (int i = 0; i < doc.channelsOffered().size(); i++) {
                OfferedChannel c = doc.channelsOffered().get(i);
                String f = "channelsOffered[" + i + "]";
                if (c == null || c.channel() == null) {
                    error(f + ".channel", "Name the channel (PORTAL, EMAIL, PHONE, VIDEO, ...)");
                    continue;
                }
                if (!offered.add(c.channel())) {
                    error(f + ".channel", c.channel() + " is listed twice");
                }
                if (c.purposes() == null || c.purposes().isEmpty() || hasNull(c.purposes())) {
                    error(f + ".purposes", "Say what the channel is for (ADMINISTRATIVE, CLINICAL_CHECK_IN, CRISIS)");
                }
                text(f + ".contact", c.contact(), true);
                text(f + ".setupInstructions", c.setupInstructions(), false);
                translations(f + ".setupInstructionsTranslations", c.setupInstructionsTranslations(), false);
            }
        }
        if (doc.smsAppointmentReminders() != null
                && doc.smsAppointmentReminders().offered()
                && offered.contains(Channel.SMS)) {
            error(
                    "smsAppointmentReminders",
                    "SMS may carry appointment reminders only: remove SMS from"
                            + " channelsOffered, or do not offer SMS reminders");
        }
        if (doc.channelsNotUsed() != null) {
            for (int i = 0; i < doc.channelsNotUsed().size(); i++) {
                Channel c = doc.channelsNotUsed().get(i);
                if (c == null) {
                    error("channelsNotUsed[" + i + "]", "Name the channel");
                } else if (offered.contains(c)) {
                    error("channelsNotUsed[" + i + "]", c + " cannot be both offered and not used");
                }
            }
        }
        validateWindow(doc.responseWindow());
        validateCrisis(doc.crisis());
        text("socialMediaStance", doc.socialMediaStance(), true);
        translations("socialMediaStanceTranslations", doc.socialMediaStanceTranslations(), false);
        text("giftsStance", doc.giftsStance(), true);
        translations("giftsStanceTranslations", doc.giftsStanceTranslations(), false);
        if (doc.modalityExceptions() == null) {
            error("modalityExceptions", "State whether DBT skills coaching and an open inbox are offered");
        }
        if (doc.billing() == null) {
            error("billing", "State whether between-session clinical work is billed");
        } else if (doc.billing().billBetweenSessionWork()) {
            if (doc.billing().incrementMinutes() <= 0) {
                error("billing.incrementMinutes", "Must be positive when between-session work is billed");
            }
            if (doc.billing().billableAfterMinutes() < 0) {
                error("billing.billableAfterMinutes", "Must not be negative");
            }
        }
    }

    private void validateWindow(PolicyDocument.ResponseWindow w) {
        if (w == null) {
            error("responseWindow", "A response window is required");
            return;
        }
        boolean kindKnown = false;
        for (Kind k : Kind.values()) {
            kindKnown |= k.name().equals(w.kind());
        }
        if (!kindKnown) {
            error("responseWindow.kind", "Must be one of " + Arrays.toString(Kind.values()));
        }
        if (w.amount() <= 0) {
            error("responseWindow.amount", "The response window must be positive");
        }
        if (w.timeZone() != null) {
            try {
                ZoneId.of(w.timeZone());
            } catch (DateTimeException e) {
                error("responseWindow.timeZone", "Not a time zone id (e.g. America/New_York)");
            }
        }
        if (w.officeHours() != null && !w.officeHours().isEmpty()) {
            if (w.timeZone() == null) {
                error("responseWindow.timeZone", "Office hours need a time zone");
            }
            for (int i = 0; i < w.officeHours().size(); i++) {
                OfficeHoursBlock b = w.officeHours().get(i);
                String f = "responseWindow.officeHours[" + i + "]";
                if (b == null || b.days() == null || b.days().isEmpty() || hasNull(b.days())) {
                    error(f + ".days", "Name at least one day");
                }
                if (b == null
                        || b.opens() == null
                        || b.closes() == null
                        || !b.opens().isBefore(b.closes())) {
                    error(f + ".closes", "Office hours must open before they close");
                }
            }
        }
    }

    private void validateCrisis(PolicyDocument.CrisisProtocol crisis) {
        if (crisis == null) {
            error("crisis", "A crisis protocol is required");
            return;
        }
        text("crisis.whatCountsAsCrisis", crisis.whatCountsAsCrisis(), true);
        translations("crisis.whatCountsAsCrisisTranslations", crisis.whatCountsAsCrisisTranslations(), true);
        text("crisis.afterHoursInstructions", crisis.afterHoursInstructions(), true);
        translations("crisis.afterHoursInstructionsTranslations", crisis.afterHoursInstructionsTranslations(), true);
        if (crisis.resources() == null || crisis.resources().isEmpty()) {
            error("crisis.resources", "At least one crisis resource is required (e.g. 988, 911)");
            return;
        }
        for (int i = 0; i < crisis.resources().size(); i++) {
            CrisisResource r = crisis.resources().get(i);
            String f = "crisis.resources[" + i + "]";
            text(f + ".name", r == null ? null : r.name(), true);
            text(f + ".contact", r == null ? null : r.contact(), true);
            if (r != null) {
                translations(f + ".nameTranslations", r.nameTranslations(), true);
                translations(f + ".contactTranslations", r.contactTranslations(), false);
            }
        }
    }

    /**
     * Translations of one text: only into the document's other languages, each checked like the text.
     * {@code requiredForClients}: a client who reads that language must not get it in English.
     */
    private void translations(String field, Map<String, String> byLanguage, boolean requiredForClients) {
        if (byLanguage != null) {
            byLanguage.forEach((language, value) -> {
                if (language == null
                        || language.equals(ClientPolicyDocument.DEFAULT_LANGUAGE)
                        || !ClientPolicyDocument.LANGUAGES.contains(language)) {
                    error(
                            field + "." + language,
                            "Translations are for "
                                    + ClientPolicyDocument.TRANSLATED_LANGUAGES + " (the text itself is "
                                    + ClientPolicyDocument.DEFAULT_LANGUAGE + ")");
                } else {
                    text(field + "." + language, value, true);
                }
            });
        }
        if (requiredForClients) {
            for (String language : clientLanguages) {
                if (ClientPolicyDocument.TRANSLATED_LANGUAGES.contains(language)
                        && (byLanguage == null || byLanguage.get(language) == null)) {
                    error(
                            field + "." + language,
                            "Clients of this practice read '" + language
                                    + "': the crisis section must be in their language too");
                }
            }
        }
    }

    private void text(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                error(field, "Must not be blank");
            }
            return;
        }
        if (value.length() > MAX_TEXT) {
            error(field, "At most " + MAX_TEXT + " characters: keep the policy short");
        }
        LanguageBank.findAvoidedPhrase(value)
                .ifPresent(
                        p -> error(field, "Uses a phrase to avoid with clients ('" + p + "'); say it warmly instead"));
    }

    /** Null-safe for immutable lists, whose contains(null) throws. */
    private static boolean hasNull(List<?> list) {
        return list.stream().anyMatch(Objects::isNull);
    }

    private void error(String field, String message) {
        String name = field.isEmpty() ? prefix.replaceAll("\\.$", "") : prefix + field;
        errors.add(new FieldError(name, message));
    }
}
