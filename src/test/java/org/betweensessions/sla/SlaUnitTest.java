package org.betweensessions.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.calendar.ResponseWindow;
import org.betweensessions.templates.TemplateBank;
import org.junit.jupiter.api.Test;

/** Plain unit tests: percentiles, window wording, configuration checks, the reset template. */
class SlaUnitTest {

    private static ResponseSla answeredIn(long minutes) {
        Instant received = Instant.parse("2026-11-23T14:00:00Z");
        ResponseSla sla = new ResponseSla(
                UUID.randomUUID(),
                null,
                null,
                "alex",
                "CLINICIAN",
                "SUPPORT_SEEKING",
                "24BH",
                received,
                received.plus(Duration.ofDays(3)),
                received.plus(Duration.ofDays(2)),
                Duration.ofHours(24));
        sla.answered(received.plus(Duration.ofMinutes(minutes)), "alex", Duration.ofMinutes(minutes), false);
        return sla;
    }

    @Test
    void percentilesUseTheNearestRank() {
        List<ResponseSla> rows = new ArrayList<>();
        for (long m = 1; m <= 10; m++) {
            rows.add(answeredIn(m * 10));
        }
        assertThat(SlaReports.percentile(rows, 0.5, ResponseSla::getBusinessSeconds))
                .isEqualTo(Duration.ofMinutes(50));
        assertThat(SlaReports.percentile(rows, 0.9, ResponseSla::getBusinessSeconds))
                .isEqualTo(Duration.ofMinutes(90));
        assertThat(SlaReports.percentile(rows.subList(0, 1), 0.9, ResponseSla::getBusinessSeconds))
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(SlaReports.percentile(List.of(), 0.5, ResponseSla::getBusinessSeconds))
                .isNull();
    }

    @Test
    void anAnswerAfterARecordedBreachIsNeverOnTime() {
        Instant received = Instant.parse("2026-11-23T14:00:00Z");
        ResponseSla sla = new ResponseSla(
                UUID.randomUUID(),
                null,
                null,
                "alex",
                "CLINICIAN",
                "SUPPORT_SEEKING",
                "24BH",
                received,
                received.plus(Duration.ofDays(3)),
                received.plus(Duration.ofDays(2)),
                Duration.ofHours(24));
        assertThat(sla.breached(received.plus(Duration.ofDays(3)))).isTrue();
        assertThat(sla.breached(received.plus(Duration.ofDays(4))))
                .as("recorded once")
                .isFalse();
        // The application clock may lag the engine's by a moment: the breach still counts.
        sla.answered(received.plus(Duration.ofDays(3)).minusSeconds(1), "alex", Duration.ofHours(24), false);
        assertThat(sla.getOnTime()).isFalse();
        assertThat(answeredIn(30).getOnTime()).isTrue();
    }

    @Test
    void windowsAreWordedAsClientsWereTold() {
        assertThat(WindowWording.of(ResponseWindow.parse("24BH"), "en")).isEqualTo("24 business hours");
        assertThat(WindowWording.of(ResponseWindow.parse("1BD"), "en")).isEqualTo("1 business day");
        assertThat(WindowWording.of(ResponseWindow.parse("48CH"), "en")).isEqualTo("48 hours");
        assertThat(WindowWording.of(ResponseWindow.parse("24BH"), "es")).isEqualTo("24 horas hábiles");
        assertThat(WindowWording.of(ResponseWindow.parse("1BD"), "es")).isEqualTo("1 día hábil");
        assertThat(WindowWording.of(ResponseWindow.parse("2CD"), "en")).isEqualTo("2 days");
        assertThat(WindowWording.of(ResponseWindow.parse("1CD"), "es")).isEqualTo("1 día");
        // The decision tables say it in words; the stored key stays the short one.
        assertThat(ResponseWindow.parse("4 business hours")).isEqualTo(ResponseWindow.parse("4BH"));
        assertThat(ResponseWindow.parse("1 Business Day").toString()).isEqualTo("1BD");
        assertThat(ResponseWindow.parse("48 calendar hours")).isEqualTo(ResponseWindow.parse("48CH"));
        assertThat(ResponseWindow.parse("2 calendar days")).isEqualTo(ResponseWindow.parse("2CD"));
    }

    @Test
    void configurationIsCheckedAtStart() {
        assertThat(new SlaProperties(null, null, null).reminderAt()).isEqualTo(0.75);
        assertThatThrownBy(() -> new SlaProperties(75.0, null, null)).hasMessageContaining("bsc.sla.reminder-at");
        assertThatThrownBy(() -> new SlaProperties.Creep(null, 0, null, null, null))
                .hasMessageContaining("thresholds");
        assertThatThrownBy(() -> new SlaProperties.Creep(null, null, null, 1.5, null))
                .hasMessageContaining("fast-answer-share");
    }

    @Test
    void theResetNoteUsesTheSeedsLanguageInBothLanguagesPerReasonAndNoAvoidedPhrase() throws IOException {
        TemplateBank bank = new TemplateBank();
        JsonNode avoid =
                new ObjectMapper().readTree(TemplateBank.class.getResourceAsStream("/templates/avoid-phrases.json"));
        String late = AvailabilityCreep.resetTemplate(AvailabilityCreep.OUTSIDE_OFFICE_HOURS);
        String fast = AvailabilityCreep.resetTemplate(AvailabilityCreep.FAST_ANSWERS);
        assertThat(late).isNotEqualTo(fast);
        for (String key : List.of(late, fast)) {
            String en = bank.render(key, "en", Map.of("responseWindow", "24 hours", "emergencyNumber", "911"));
            assertThat(en)
                    .contains("I want to reset expectations that my typical response time is " + "within 24 hours");
            String es = bank.render(key, "es", Map.of("responseWindow", "24 horas", "emergencyNumber", "911"));
            assertThat(es).contains("988").isNotEqualTo(en);
            for (String language : List.of("en", "es")) {
                String text = fold(bank.all().get(key).get(language));
                avoid.path(language).forEach(p -> assertThat(text).doesNotContain(fold(p.asText())));
            }
        }
        // Each note names the habit it is about: late answers are not "faster than usual".
        assertThat(bank.render(late, "en", Map.of("responseWindow", "24 hours", "emergencyNumber", "911")))
                .contains("outside my office hours")
                .doesNotContain("faster than usual");
        assertThat(bank.render(late, "es", Map.of("responseWindow", "24 horas", "emergencyNumber", "911")))
                .contains("fuera de mi horario")
                .doesNotContain("más rápido");
        assertThat(bank.render(fast, "en", Map.of("responseWindow", "24 hours", "emergencyNumber", "911")))
                .contains("faster than usual");
    }

    private static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
    }

    @Test
    void overdueTimesReadAsPeopleSayThem() {
        assertThat(SlaReports.readable(Duration.parse("PT168H2M10.371733433S"))).isEqualTo("7 days 0 h 2 min");
        assertThat(SlaReports.readable(Duration.parse("PT25H"))).isEqualTo("1 day 1 h 0 min");
        assertThat(SlaReports.readable(Duration.parse("PT3H15M"))).isEqualTo("3 h 15 min");
        assertThat(SlaReports.readable(Duration.parse("PT12M59S"))).isEqualTo("12 min");
    }
}
