package org.betweensessions.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.betweensessions.demo.DemoPractice;
import org.betweensessions.message.Channel;
import org.betweensessions.policy.PolicyDocument.OfficeHoursBlock;
import org.betweensessions.policy.PolicyDocument.ResponseWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client-facing document: the four answers, short, in the client's language, never shaming. */
class ClientPolicyDocumentTest {

    private static final PolicyDocument POLICY = TestPolicies.withWindow(new ResponseWindow(
            "BUSINESS_HOURS",
            24,
            false,
            false,
            true,
            "America/New_York",
            List.of(new OfficeHoursBlock(
                    List.of(
                            DayOfWeek.MONDAY,
                            DayOfWeek.TUESDAY,
                            DayOfWeek.WEDNESDAY,
                            DayOfWeek.THURSDAY,
                            DayOfWeek.FRIDAY),
                    LocalTime.of(9, 0),
                    LocalTime.of(17, 0)))));

    @Test
    void englishDocumentAnswersTheFourQuestions() {
        ClientPolicyDocument.Rendered doc = ClientPolicyDocument.render(3, POLICY, "en", null);
        String text = doc.text();

        // 1. Which channels, with contact details, and which are not used.
        assertThat(text)
                .contains(
                        "How to reach me",
                        "https://portal.test.example",
                        "office@test.example",
                        "I do not use text messages (SMS), social media and personal");
        // 2. Which kinds of contact through which channel.
        assertThat(text)
                .contains(
                        "What to use for what",
                        "Scheduling, billing and paperwork: the secure client portal and encrypted practice email",
                        "Check-ins, homework and journaling between sessions: the secure client portal and "
                                + "scheduled phone check-ins");
        // 3. Response time: window, office hours and zone, weekends, holidays, the "sooner" line.
        assertThat(text)
                .contains(
                        "When you will hear back",
                        "I reply within 24 business hours.",
                        "Monday to Friday, 09:00–17:00 (Eastern Time)",
                        "I do not read messages on weekends.",
                        "I do not read messages on holidays.",
                        "I may sometimes answer sooner; please don't count on it.");
        // 4. Crisis: what counts, resources, after hours.
        assertThat(text)
                .contains(
                        "In a crisis",
                        "Thoughts of harming yourself",
                        "988 Suicide & Crisis Lifeline: Call or text 988",
                        "Emergency services: 911");
        // Stances and billing, one line each.
        assertThat(text).contains("social media", "gifts", "15-minute increments");
        assertThat(doc.policyVersion()).isEqualTo(3);
        assertThat(text.lines().count()).as("short: one page").isLessThan(40);
    }

    @Test
    void spanishDocumentAnswersTheSameQuestions() {
        String text = ClientPolicyDocument.render(3, POLICY, "es", null).text();
        assertThat(text)
                .contains(
                        "Cómo comunicarse conmigo",
                        "Qué usar para cada cosa",
                        "Cuándo recibirá respuesta",
                        "Respondo en un plazo de 24 horas hábiles.",
                        "Lunes a viernes",
                        "A veces puedo responder antes; por favor, no cuente con ello.",
                        "En una crisis",
                        "Call or text 988");
    }

    @Test
    void aSpanishSpeakerReadsTheCrisisStepsInSpanish() {
        PolicyDocument demo = DemoPractice.defaultPolicy();
        String es = ClientPolicyDocument.render(1, demo, "es", null).text();
        String crisis = es.substring(es.indexOf("En una crisis"), es.indexOf("También es bueno saber"));
        assertThat(crisis)
                .contains(
                        "Qué es una crisis: Pensamientos de hacerse daño",
                        "Línea 988 de Prevención del Suicidio y Crisis: Llame al 988 y marque 2 para español",
                        "Servicios de emergencia: 911",
                        "Fuera del horario de consulta nadie lee los mensajes.");
        // No English free text anywhere in the Spanish document.
        assertThat(es)
                .doesNotContain(
                        "Thoughts of harming",
                        "Call or text",
                        "Emergency services",
                        "not monitored",
                        "Sign in with",
                        "social media",
                        "gifts",
                        "Scheduled phone");
        assertThat(es).contains("No me conecto con clientes en redes sociales", "Inicie sesión con la invitación");
        // The English document is unchanged by the translations.
        String en = ClientPolicyDocument.render(1, demo, "en", null).text();
        assertThat(en)
                .contains(
                        "What counts as a crisis: Thoughts of harming yourself",
                        "988 Suicide & Crisis Lifeline: Call or text 988")
                .doesNotContain("Servicios");
    }

    @Test
    void theCoveringClinicianAndSmsRemindersGetOneLineEach() {
        PolicyDocument demo = DemoPractice.defaultPolicy();
        var blair = new ClientPolicyDocument.CoveringClinician("Blair Okafor, LCSW", "+1 555 0100 ext 2");
        String en = ClientPolicyDocument.render(1, demo, "en", null, blair).text();
        String crisis = en.substring(en.indexOf("In a crisis"), en.indexOf("Also good to know"));
        assertThat(crisis).contains("If I am away, my covering colleague: Blair Okafor, LCSW, +1 555 0100 ext 2");
        assertThat(en).containsOnlyOnce("text message (SMS): only the date and time");
        String es = ClientPolicyDocument.render(1, demo, "es", null, blair).text();
        assertThat(es)
                .contains(
                        "Si estoy ausente, le atiende mi colega: Blair Okafor",
                        "recordatorios de citas por mensaje de texto (SMS): solo la fecha y la hora");

        // A policy that does not name the covering clinician (or offer SMS reminders) says neither.
        String plain = ClientPolicyDocument.render(1, TestPolicies.complete(), "en", null, blair)
                .text();
        assertThat(plain).doesNotContain("covering colleague", "appointment reminders");
        // Turning either on is a change clients must read and agree to.
        PolicyDocument p = TestPolicies.complete();
        PolicyDocument naming = new PolicyDocument(
                p.channelsOffered(),
                p.channelsNotUsed(),
                p.responseWindow(),
                new PolicyDocument.CrisisProtocol(
                        p.crisis().whatCountsAsCrisis(),
                        p.crisis().resources(),
                        p.crisis().afterHoursInstructions(),
                        null,
                        null,
                        true),
                p.socialMediaStance(),
                p.giftsStance(),
                p.modalityExceptions(),
                p.billing());
        assertThat(PolicyService.clientFacingChange(p, naming)).isTrue();
        PolicyDocument sms = new PolicyDocument(
                p.channelsOffered(),
                p.channelsNotUsed(),
                p.responseWindow(),
                p.crisis(),
                p.socialMediaStance(),
                p.giftsStance(),
                p.modalityExceptions(),
                p.billing(),
                null,
                null,
                new PolicyDocument.SmsReminders(true));
        assertThat(PolicyService.clientFacingChange(p, sms)).isTrue();
    }

    @Test
    void smsMayCarryAppointmentRemindersOnly() {
        PolicyDocument p = TestPolicies.complete();
        List<PolicyDocument.OfferedChannel> withSms = new ArrayList<>(p.channelsOffered());
        withSms.add(new PolicyDocument.OfferedChannel(
                Channel.SMS, List.of(PolicyDocument.ContactPurpose.ADMINISTRATIVE), "+1 555 0100", null));
        PolicyDocument smsChannel = new PolicyDocument(
                withSms,
                List.of(),
                p.responseWindow(),
                p.crisis(),
                p.socialMediaStance(),
                p.giftsStance(),
                p.modalityExceptions(),
                p.billing(),
                null,
                null,
                new PolicyDocument.SmsReminders(true));
        assertThatThrownBy(() -> PolicyValidator.check(smsChannel, "document."))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.errors().stream().map(InvalidPolicyException.FieldError::field))
                                .containsExactly("document.smsAppointmentReminders"));
        PolicyValidator.check(DemoPractice.defaultPolicy(), "document.");
    }

    @Test
    void withoutATranslationTheTextIsShownAsWritten() {
        String es = ClientPolicyDocument.render(1, TestPolicies.complete(), "es", null)
                .text();
        assertThat(es)
                .contains(
                        "Qué es una crisis: Thoughts of harming yourself",
                        "988 Suicide & Crisis Lifeline: Call or text 988");
    }

    @Test
    void aPracticeWithSpanishSpeakingClientsMustTranslateTheCrisisSection() {
        PolicyDocument english = TestPolicies.complete();
        PolicyValidator.check(english, "document.", Set.of("en"));
        assertThatThrownBy(() -> PolicyValidator.check(english, "document.", Set.of("en", "es")))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.errors().stream().map(InvalidPolicyException.FieldError::field))
                                .containsExactlyInAnyOrder(
                                        "document.crisis.whatCountsAsCrisisTranslations.es",
                                        "document.crisis.afterHoursInstructionsTranslations.es",
                                        "document.crisis.resources[0].nameTranslations.es",
                                        "document.crisis.resources[1].nameTranslations.es"));
        PolicyValidator.check(DemoPractice.defaultPolicy(), "document.", Set.of("en", "es"));
        // Translations only into the document's other languages.
        PolicyDocument french = new PolicyDocument(
                english.channelsOffered(),
                english.channelsNotUsed(),
                english.responseWindow(),
                english.crisis(),
                english.socialMediaStance(),
                english.giftsStance(),
                english.modalityExceptions(),
                english.billing(),
                Map.of("fr", "Je ne suis pas sur les réseaux sociaux."),
                null);
        assertThatThrownBy(() -> PolicyValidator.check(french, "document."))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.errors().stream().map(InvalidPolicyException.FieldError::field))
                                .containsExactly("document.socialMediaStanceTranslations.fr"));
    }

    @Test
    void storedPoliciesWithoutTranslationsStillReadAndNewOnesRoundTrip() {
        PolicyDocumentJson json = new PolicyDocumentJson();
        String old = json.convertToDatabaseColumn(TestPolicies.complete());
        assertThat(old).doesNotContain("Translations");
        assertThat(json.convertToEntityAttribute(old)).isEqualTo(TestPolicies.complete());
        PolicyDocument demo = DemoPractice.defaultPolicy();
        assertThat(json.convertToEntityAttribute(json.convertToDatabaseColumn(demo)))
                .isEqualTo(demo);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "es"})
    void noPhraseFromTheAvoidList(String language) {
        ClientPolicyDocument.Rendered doc = ClientPolicyDocument.render(1, POLICY, language, null);
        assertThat(LanguageBank.findAvoidedPhrase(doc.text())).isEmpty();
        assertThat(LanguageBank.findAvoidedPhrase(doc.html())).isEmpty();
    }

    @Test
    void theAvoidListCatchesThePhrasesFromTheSeeds() {
        assertThat(LanguageBank.findAvoidedPhrase("I am TOO busy to respond to messages"))
                .isPresent();
        assertThat(LanguageBank.findAvoidedPhrase("You should not be texting me about this."))
                .isPresent();
        assertThat(LanguageBank.findAvoidedPhrase("This is not an emergency, so I am not going to engage."))
                .isPresent();
        assertThat(LanguageBank.findAvoidedPhrase("You need to wait until our scheduled appointment"))
                .isPresent();
        assertThat(LanguageBank.findAvoidedPhrase("Let's explore it more deeply in our next session."))
                .isEmpty();
    }

    @Test
    void theAvoidListCatchesSpanishPhrasesInThePolicyAndItsTranslations() {
        assertThat(LanguageBank.findAvoidedPhrase("Estoy demasiado ocupada para contestar."))
                .isPresent();
        assertThat(LanguageBank.findAvoidedPhrase("NO ES UNA EMERGENCIA, ASI QUE espere."))
                .as("accents and case ignored")
                .isPresent();
        assertThat(LanguageBank.findAvoidedPhrase("Lo hablamos en nuestra próxima sesión."))
                .isEmpty();

        PolicyDocument p = TestPolicies.complete();
        PolicyDocument cold = new PolicyDocument(
                p.channelsOffered(),
                p.channelsNotUsed(),
                p.responseWindow(),
                p.crisis(),
                p.socialMediaStance(),
                p.giftsStance(),
                p.modalityExceptions(),
                p.billing(),
                null,
                Map.of("es", "Deja de escribirme sobre regalos."));
        assertThatThrownBy(() -> PolicyValidator.check(cold, "document."))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.errors().stream().map(InvalidPolicyException.FieldError::field))
                                .containsExactly("document.giftsStanceTranslations.es"));
    }

    @Test
    void htmlIsEscapedAndStructured() {
        PolicyDocument withMarkup = new PolicyDocument(
                POLICY.channelsOffered(),
                POLICY.channelsNotUsed(),
                POLICY.responseWindow(),
                POLICY.crisis(),
                "<script>alert(1)</script> I do not connect on social media.",
                POLICY.giftsStance(),
                POLICY.modalityExceptions(),
                POLICY.billing());
        String html = ClientPolicyDocument.render(1, withMarkup, "en", null).html();
        assertThat(html)
                .contains("<h2>How to reach me</h2>", "<h2>In a crisis</h2>", "&lt;script&gt;")
                .doesNotContain("<script>");
    }

    @Test
    void officeHoursFallBackToTheClinicianCalendarAndUnknownLanguageIsEnglish() {
        PolicyDocument noHours = TestPolicies.complete();
        Map<DayOfWeek, List<LocalTime[]>> hours = new TreeMap<>();
        hours.put(DayOfWeek.SATURDAY, List.<LocalTime[]>of(new LocalTime[] {LocalTime.of(10, 0), LocalTime.of(13, 0)}));
        var fallback = new ClientPolicyDocument.FallbackHours(ZoneId.of("America/Los_Angeles"), hours);
        ClientPolicyDocument.Rendered doc = ClientPolicyDocument.render(1, noHours, "fr", fallback);
        assertThat(doc.language()).isEqualTo("en");
        assertThat(doc.text()).contains("Saturday, 10:00–13:00", "Pacific");
    }

    /** Blair's calendar: Tuesday to Saturday, with a lunch break (DemoPractice). */
    static ClientPolicyDocument.FallbackHours tuesdayToSaturday() {
        Map<DayOfWeek, List<LocalTime[]>> hours = new TreeMap<>();
        for (DayOfWeek d : List.of(
                DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY)) {
            hours.put(d, List.of(new LocalTime[] {LocalTime.of(10, 0), LocalTime.of(13, 0)}, new LocalTime[] {
                LocalTime.of(14, 0), LocalTime.of(18, 0)
            }));
        }
        return new ClientPolicyDocument.FallbackHours(ZoneId.of("America/Los_Angeles"), hours);
    }

    @Test
    void aClinicianWhoWorksSaturdaysIsNotSaidToReadNothingOnWeekends() {
        PolicyDocument noWeekends = TestPolicies.complete(); // weekendAvailability false
        String en = ClientPolicyDocument.render(1, noWeekends, "en", tuesdayToSaturday())
                .text();
        assertThat(en)
                .contains("Tuesday to Saturday, 10:00–13:00 and 14:00–18:00", "I do not read messages on Sundays.")
                .doesNotContain("on weekends");
        String es = ClientPolicyDocument.render(1, noWeekends, "es", tuesdayToSaturday())
                .text();
        assertThat(es)
                .contains("Martes a sábado", "No leo mensajes los domingos.")
                .doesNotContain("fines de semana");

        // Monday to Friday still reads "no weekends".
        String weekdays = ClientPolicyDocument.render(1, POLICY, "es", null).text();
        assertThat(weekdays).contains("No leo mensajes los fines de semana.");
    }

    @Test
    void validationNamesEveryOffendingField() {
        PolicyDocument bad = new PolicyDocument(
                List.of(),
                List.of(),
                new ResponseWindow("BUSINESS_WEEKS", 0, false, false, true),
                new PolicyDocument.CrisisProtocol("Danger", List.of(), "Call 911"),
                "You should not be texting me about this.",
                "",
                null,
                null);
        assertThatThrownBy(() -> PolicyValidator.check(bad, "document."))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.errors().stream().map(InvalidPolicyException.FieldError::field))
                                .contains(
                                        "document.channelsOffered",
                                        "document.responseWindow.kind",
                                        "document.responseWindow.amount",
                                        "document.crisis.resources",
                                        "document.socialMediaStance",
                                        "document.giftsStance",
                                        "document.modalityExceptions",
                                        "document.billing"));
    }

    @Test
    void aChangeIsClientFacingOnlyWhenWhatClientsReadChanges() {
        PolicyDocument same = TestPolicies.complete();
        assertThat(PolicyService.clientFacingChange(same, TestPolicies.complete()))
                .isFalse();
        assertThat(PolicyService.clientFacingChange(
                        same, TestPolicies.withWindow(new ResponseWindow("BUSINESS_DAYS", 2, false, false, true))))
                .isTrue();
    }

    @Test
    void everyWindowKindIsWordedAsPromisedInBothLanguages() {
        String[][] expected = {
            {"BUSINESS_HOURS", "I reply within 2 business hours.", "2 horas hábiles"},
            {"BUSINESS_DAYS", "I reply within 2 business days.", "2 días hábiles"},
            {"CALENDAR_HOURS", "I reply within 2 hours.", "2 horas."},
            {"CALENDAR_DAYS", "I reply within 2 days.", "2 días."},
        };
        assertThat(expected.length)
                .as("one row per kind")
                .isEqualTo(org.betweensessions.calendar.ResponseWindow.Kind.values().length);
        for (String[] row : expected) {
            PolicyDocument policy = TestPolicies.withWindow(new ResponseWindow(row[0], 2, false, false, true));
            assertThat(ClientPolicyDocument.render(1, policy, "en", null).text())
                    .contains(row[1]);
            assertThat(ClientPolicyDocument.render(1, policy, "es", null).text())
                    .contains(row[2]);
        }
    }
}
