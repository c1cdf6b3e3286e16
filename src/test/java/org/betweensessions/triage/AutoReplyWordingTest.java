package org.betweensessions.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.betweensessions.templates.TemplateBank;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a client reads: every template of the bank rendered in English and Spanish with real due
 * dates in several zones (a weekday, New Year's Eve, a DST change), reading naturally: "antes del
 * martes", zones as people name them, nothing left in braces.
 */
class AutoReplyWordingTest {

    private final TemplateBank bank = new TemplateBank();

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "2026-12-08T18:00:00Z | America/Los_Angeles | by Tuesday, December 8, 10:00 AM (Pacific Time)"
                        + " | antes del martes 8 de diciembre a las 10:00 (hora del Pacífico)",
                "2026-12-31T22:30:00Z | America/New_York | by Thursday, December 31, 5:30 PM (Eastern Time)"
                        + " | antes del jueves 31 de diciembre a las 17:30 (hora oriental)",
                "2027-03-14T15:00:00Z | America/Denver | by Sunday, March 14, 9:00 AM (Mountain Time)"
                        + " | antes del domingo 14 de marzo a las 9:00 (hora de las Montañas Rocosas)",
                "2027-11-07T06:30:00Z | America/New_York | by Sunday, November 7, 1:30 AM (Eastern Time)"
                        + " | antes del domingo 7 de noviembre a las 1:30 (hora oriental)"
            })
    void theDueTimeReadsNaturallyInBothLanguages(Instant due, String zone, String english, String spanish) {
        assertThat(AutoReplies.responseBy(due, ZoneId.of(zone), "en")).isEqualTo(english);
        assertThat(AutoReplies.responseBy(due, ZoneId.of(zone), "es")).isEqualTo(spanish);
    }

    @Test
    void everyTemplateRendersInBothLanguagesWithRealValues() {
        Instant due = Instant.parse("2026-12-08T18:00:00Z");
        ZoneId zone = ZoneId.of("America/Los_Angeles");
        List<String> problems = new ArrayList<>();
        bank.all()
                .forEach((key, byLanguage) -> byLanguage.forEach((language, text) -> {
                    Map<String, String> values = new HashMap<>();
                    Matcher m = Pattern.compile("\\{([a-zA-Z]+)}").matcher(text);
                    while (m.find()) {
                        values.put(m.group(1), realValue(m.group(1), due, zone, language));
                    }
                    String rendered = bank.render(key, language, values);
                    if (rendered.contains("{")
                            || rendered.contains("_")
                            || rendered.contains("America/")
                            || rendered.contains("antes de el")
                            || rendered.contains("null")) {
                        problems.add(key + "/" + language + ": " + rendered);
                    }
                }));
        assertThat(problems).isEmpty();
    }

    private static String realValue(String placeholder, Instant due, ZoneId zone, String language) {
        boolean es = "es".equals(language);
        return switch (placeholder) {
            case "responseBy" -> AutoReplies.responseBy(due, zone, language);
            case "emergencyNumber" -> "911";
            case "coveringLine" -> "";
            case "startDate" -> AutoReplies.day(LocalDate.of(2026, 12, 21), language);
            case "returnDate" -> AutoReplies.day(LocalDate.of(2027, 1, 4), language);
            case "coveringName" -> "Blair Okafor, LCSW";
            case "coveringContact" -> "+1 555 0100 ext 2";
            case "approvedChannel" -> es ? "el portal seguro para clientes" : "the secure client portal";
            case "practiceContact" -> "office@riverside.example";
            case "responseWindow" -> es ? "24 horas hábiles" : "24 business hours";
            default -> "value of " + placeholder;
        };
    }
}
