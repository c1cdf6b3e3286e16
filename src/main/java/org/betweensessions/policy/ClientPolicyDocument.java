package org.betweensessions.policy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.betweensessions.message.Channel;
import org.betweensessions.policy.PolicyDocument.ContactPurpose;
import org.betweensessions.policy.PolicyDocument.CrisisResource;
import org.betweensessions.policy.PolicyDocument.OfferedChannel;
import org.betweensessions.policy.PolicyDocument.OfficeHoursBlock;
import org.springframework.web.util.HtmlUtils;

/**
 * The policy as one client reads it: short, plain, stable (seeds: "keep informed consent short and
 * stable"). Answers the four questions (how to reach me, what for, when you hear back, what to do in a
 * crisis) and adds the one-line stances. English and Spanish; free text the practice wrote (set-up,
 * crisis wording and resources, stances) in the client's language where the policy translates it,
 * else as written. Contact details are shown as written.
 */
public final class ClientPolicyDocument {

    public static final Set<String> LANGUAGES = Set.of("en", "es");

    /** The language the practice writes its policy in; the others are translations. */
    public static final String DEFAULT_LANGUAGE = "en";

    public static final Set<String> TRANSLATED_LANGUAGES = Set.of("es");

    /** One rendering: {@code text} for SMS-free plain channels and logs of tests, {@code html} for the portal. */
    public record Rendered(int policyVersion, String language, String title, String text, String html) {}

    /** Office hours from the clinician's calendar, used when the policy states none. */
    public record FallbackHours(ZoneId zone, Map<DayOfWeek, List<LocalTime[]>> hours) {}

    /** The clinician's covering colleague (their backup clinician): name and work phone. */
    public record CoveringClinician(String name, String contact) {}

    private record Section(String heading, List<String> lines) {}

    private ClientPolicyDocument() {}

    public static String language(String requested) {
        return requested != null && LANGUAGES.contains(requested) ? requested : "en";
    }

    public static Rendered render(int version, PolicyDocument doc, String language, FallbackHours fallback) {
        return render(version, doc, language, fallback, null);
    }

    /** {@code covering}: named in the crisis section when the policy says so; null = nobody to name. */
    public static Rendered render(
            int version, PolicyDocument doc, String language, FallbackHours fallback, CoveringClinician covering) {
        return render(version, doc, language, fallback, covering, List.of());
    }

    /**
     * {@code agreedForYou}: the client's contact exceptions in force, in their language, shown in a
     * section of their own (the clinical reasons never are).
     */
    public static Rendered render(
            int version,
            PolicyDocument doc,
            String language,
            FallbackHours fallback,
            CoveringClinician covering,
            List<String> agreedForYou) {
        String lang = language(language);
        boolean es = lang.equals("es");
        Locale locale = Locale.forLanguageTag(lang);
        List<Section> sections = new ArrayList<>();

        // 1. Which channels
        List<String> reach = new ArrayList<>();
        for (OfferedChannel c : doc.channelsOffered()) {
            String line = capitalize(channelName(c.channel(), es)) + ": " + c.contact();
            String setup = PolicyDocument.in(lang, c.setupInstructions(), c.setupInstructionsTranslations());
            if (setup != null && !setup.isBlank()) {
                line += ". " + setup;
            }
            reach.add(line);
        }
        List<String> notUsed = new ArrayList<>();
        if (doc.channelsNotUsed() != null) {
            doc.channelsNotUsed().forEach(c -> notUsed.add(channelName(c, es)));
        }
        notUsed.add(es ? "teléfonos o correos personales" : "personal phone numbers or personal email");
        reach.add((es ? "No uso " : "I do not use ")
                + join(notUsed, es)
                + (es ? " para nuestro trabajo." : " for our work together."));
        if (doc.smsAppointmentReminders() != null
                && doc.smsAppointmentReminders().offered()) {
            reach.add(
                    es
                            ? "Si está de acuerdo, puede recibir recordatorios de citas por mensaje de texto (SMS): solo la fecha y la hora, nada sobre su tratamiento."
                            : "If you agree, appointment reminders can come by text message (SMS): only the date and time, nothing about your care.");
        }
        sections.add(new Section(es ? "Cómo comunicarse conmigo" : "How to reach me", reach));

        // 2. Which kinds of contact, through which channel
        List<String> kinds = new ArrayList<>();
        for (ContactPurpose purpose : List.of(ContactPurpose.ADMINISTRATIVE, ContactPurpose.CLINICAL_CHECK_IN)) {
            List<String> via = new ArrayList<>();
            for (OfferedChannel c : doc.channelsOffered()) {
                if (c.purposes().contains(purpose)) {
                    via.add(channelName(c.channel(), es));
                }
            }
            if (!via.isEmpty()) {
                kinds.add(capitalize(purposeName(purpose, es)) + ": " + join(via, es) + ".");
            }
        }
        kinds.add(
                es
                        ? "Una crisis no puede esperar a un mensaje: siga los pasos de la sección «En una crisis»."
                        : "A crisis cannot wait for a message: follow the steps under \"In a crisis\".");
        if (doc.modalityExceptions() != null && doc.modalityExceptions().dbtSkillsCoachingByPhone()) {
            kinds.add(
                    es
                            ? "Si hacemos terapia DBT, puede llamarme para un breve entrenamiento en habilidades entre sesiones; es parte del tratamiento."
                            : "If we work with DBT, you may call me for brief skills coaching between sessions; it is part of treatment.");
        }
        if (doc.modalityExceptions() != null && doc.modalityExceptions().openInboxForLowRisk()) {
            kinds.add(
                    es
                            ? "Si lo acordamos, puede escribirme sobre lo que quiera: leo cada mensaje, quizá no responda a todos, y lo hablamos en la siguiente sesión."
                            : "If we agree on an open inbox, you may write to me about anything: I read every message, may not answer each one, and we talk about it in our next session.");
        }
        sections.add(new Section(es ? "Qué usar para cada cosa" : "What to use for what", kinds));
        if (!agreedForYou.isEmpty()) {
            sections.add(new Section(es ? "Lo que acordamos para usted" : "What we agreed for you", agreedForYou));
        }

        // 3. Response time
        PolicyDocument.ResponseWindow w = doc.responseWindow();
        List<String> timing = new ArrayList<>();
        timing.add((es ? "Respondo en un plazo de " : "I reply within ") + w.amount() + " "
                + windowUnit(w.kind(), w.amount(), es) + ".");
        ShownHours shown = shownHours(w, fallback);
        if (shown != null) {
            timing.add((es ? "Leo los mensajes en horario de consulta: " : "I read messages during office hours: ")
                    + officeHours(shown, locale, es) + ".");
        }
        timing.add(weekendLine(w.weekendAvailability(), shown, locale, es));
        timing.add(
                w.holidayAvailability()
                        ? (es ? "También leo mensajes los días festivos." : "I also read messages on holidays.")
                        : (es ? "No leo mensajes los días festivos." : "I do not read messages on holidays."));
        if (w.maySometimesAnswerSooner()) {
            timing.add(
                    es
                            ? "A veces puedo responder antes; por favor, no cuente con ello."
                            : "I may sometimes answer sooner; please don't count on it.");
        }
        sections.add(new Section(es ? "Cuándo recibirá respuesta" : "When you will hear back", timing));

        // 4. Crisis
        List<String> crisis = new ArrayList<>();
        PolicyDocument.CrisisProtocol protocol = doc.crisis();
        crisis.add((es ? "Qué es una crisis: " : "What counts as a crisis: ")
                + PolicyDocument.in(lang, protocol.whatCountsAsCrisis(), protocol.whatCountsAsCrisisTranslations()));
        for (CrisisResource r : protocol.resources()) {
            crisis.add(resource(r, lang));
        }
        if (protocol.namesCoveringClinician() && covering != null) {
            crisis.add((es ? "Si estoy ausente, le atiende mi colega: " : "If I am away, my covering colleague: ")
                    + covering.name() + ", " + covering.contact());
        }
        crisis.add(PolicyDocument.in(
                lang, protocol.afterHoursInstructions(), protocol.afterHoursInstructionsTranslations()));
        sections.add(new Section(es ? "En una crisis" : "In a crisis", crisis));

        // Stances and billing, one line each
        List<String> more = new ArrayList<>();
        more.add(PolicyDocument.in(lang, doc.socialMediaStance(), doc.socialMediaStanceTranslations()));
        more.add(PolicyDocument.in(lang, doc.giftsStance(), doc.giftsStanceTranslations()));
        if (doc.billing() != null && doc.billing().billBetweenSessionWork()) {
            more.add(
                    es
                            ? "Los mensajes administrativos breves están incluidos. El trabajo clínico entre sesiones de más de "
                                    + doc.billing().billableAfterMinutes() + " minutos se factura en bloques de "
                                    + doc.billing().incrementMinutes() + " minutos."
                            : "Brief administrative messages are included. Clinical work between sessions that takes more than "
                                    + doc.billing().billableAfterMinutes() + " minutes is billed in "
                                    + doc.billing().incrementMinutes() + "-minute increments.");
        } else {
            more.add(es ? "Los mensajes entre sesiones no se facturan." : "Messages between sessions are not billed.");
        }
        sections.add(new Section(es ? "También es bueno saber" : "Also good to know", more));

        String title = es
                ? "Cómo nos comunicamos entre sesiones (versión " + version + ")"
                : "How we stay in touch between sessions (version " + version + ")";
        String intro = es
                ? "Estas normas protegen nuestro trabajo juntos y le dicen qué esperar. Si algo no está claro, lo hablamos en sesión."
                : "These agreements protect our work together and tell you what to expect. If anything is unclear, we will talk about it in session.";
        return new Rendered(version, lang, title, text(title, intro, sections), html(title, intro, sections, lang));
    }

    /** "Emergency services: 911", in the client's language when translated. */
    public static String resource(CrisisResource r, String language) {
        return PolicyDocument.in(language, r.name(), r.nameTranslations()) + ": "
                + PolicyDocument.in(language, r.contact(), r.contactTranslations());
    }

    private static String text(String title, String intro, List<Section> sections) {
        StringBuilder sb = new StringBuilder(title).append("\n\n").append(intro).append('\n');
        for (Section s : sections) {
            sb.append('\n').append(s.heading()).append('\n');
            for (String line : s.lines()) {
                sb.append("- ").append(line).append('\n');
            }
        }
        return sb.toString();
    }

    private static String html(String title, String intro, List<Section> sections, String lang) {
        StringBuilder sb = new StringBuilder("<article lang=\"")
                .append(lang)
                .append("\">\n<h1>")
                .append(esc(title))
                .append("</h1>\n<p>")
                .append(esc(intro))
                .append("</p>\n");
        for (Section s : sections) {
            sb.append("<h2>").append(esc(s.heading())).append("</h2>\n<ul>\n");
            for (String line : s.lines()) {
                sb.append("  <li>").append(esc(line)).append("</li>\n");
            }
            sb.append("</ul>\n");
        }
        return sb.append("</article>\n").toString();
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s, "UTF-8");
    }

    /** The office hours the client is shown: the policy's own, else the clinician's calendar. */
    private record ShownHours(ZoneId zone, Map<DayOfWeek, List<LocalTime[]>> byDay) {}

    private static ShownHours shownHours(PolicyDocument.ResponseWindow w, FallbackHours fallback) {
        Map<DayOfWeek, List<LocalTime[]>> byDay = new TreeMap<>();
        if (w.officeHours() != null && !w.officeHours().isEmpty()) {
            for (OfficeHoursBlock b : w.officeHours()) {
                for (DayOfWeek d : b.days()) {
                    byDay.computeIfAbsent(d, k -> new ArrayList<>()).add(new LocalTime[] {b.opens(), b.closes()});
                }
            }
            return new ShownHours(ZoneId.of(w.timeZone()), byDay);
        }
        if (fallback != null && !fallback.hours().isEmpty()) {
            byDay.putAll(fallback.hours());
            return new ShownHours(fallback.zone(), byDay);
        }
        return null;
    }

    /**
     * The weekend sentence, true to the office hours just shown: a clinician who works Saturdays is not
     * said to read nothing on weekends (the policy's flag speaks for the weekend days outside them).
     */
    private static String weekendLine(boolean weekendAvailability, ShownHours shown, Locale locale, boolean es) {
        if (weekendAvailability) {
            return es ? "También leo mensajes los fines de semana." : "I also read messages on weekends.";
        }
        List<DayOfWeek> closed = new ArrayList<>(List.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
        if (shown != null) {
            closed.removeAll(shown.byDay().keySet());
        }
        if (closed.size() == 2) {
            return es ? "No leo mensajes los fines de semana." : "I do not read messages on weekends.";
        }
        if (closed.isEmpty()) {
            return es
                    ? "Los fines de semana leo mensajes solo en el horario indicado."
                    : "On weekends I read messages only during the hours above.";
        }
        String day = dayName(closed.getFirst(), locale);
        return es ? "No leo mensajes los " + plural(day) + "." : "I do not read messages on " + day + "s.";
    }

    /** "sábado" -> "sábados"; "domingo" -> "domingos". */
    private static String plural(String spanishDay) {
        return spanishDay.endsWith("s") ? spanishDay : spanishDay + "s";
    }

    private static String officeHours(ShownHours shown, Locale locale, boolean es) {
        Map<DayOfWeek, List<LocalTime[]>> byDay = shown.byDay();
        ZoneId zone = shown.zone();
        // Days with the same hours are named together: "Monday to Friday, 09:00-17:00".
        Map<String, List<DayOfWeek>> daysByHours = new LinkedHashMap<>();
        byDay.forEach((day, ranges) -> {
            List<String> parts = new ArrayList<>();
            ranges.stream().sorted((a, b) -> a[0].compareTo(b[0])).forEach(r -> parts.add(r[0] + "–" + r[1]));
            daysByHours.computeIfAbsent(join(parts, es), k -> new ArrayList<>()).add(day);
        });
        List<String> phrases = new ArrayList<>();
        daysByHours.forEach((hours, days) -> phrases.add(dayRange(days, locale, es) + ", " + hours));
        String zoneName = zone.getDisplayName(TextStyle.FULL, locale);
        // The zone's own name already says "time" / "hora": "(Eastern Time)", "(hora del este ...)".
        return String.join("; ", phrases) + " (" + zoneName + ")";
    }

    private static String dayRange(List<DayOfWeek> days, Locale locale, boolean es) {
        boolean consecutive = true;
        for (int i = 1; i < days.size(); i++) {
            consecutive &= days.get(i).getValue() == days.get(i - 1).getValue() + 1;
        }
        if (consecutive && days.size() >= 3) {
            return capitalize(dayName(days.getFirst(), locale))
                    + (es ? " a " : " to ")
                    + dayName(days.getLast(), locale);
        }
        List<String> names = new ArrayList<>();
        days.forEach(d -> names.add(dayName(d, locale)));
        return capitalize(join(names, es));
    }

    private static String dayName(DayOfWeek d, Locale locale) {
        return d.getDisplayName(TextStyle.FULL, locale);
    }

    private static String windowUnit(String kind, int amount, boolean es) {
        boolean one = amount == 1;
        return switch (kind) {
            case "BUSINESS_DAYS" ->
                es ? (one ? "día hábil" : "días hábiles") : (one ? "business day" : "business days");
            case "CALENDAR_HOURS" -> es ? (one ? "hora" : "horas") : (one ? "hour" : "hours");
            case "CALENDAR_DAYS" -> es ? (one ? "día" : "días") : (one ? "day" : "days");
            default -> es ? (one ? "hora hábil" : "horas hábiles") : (one ? "business hour" : "business hours");
        };
    }

    static String channelName(Channel c, boolean es) {
        return switch (c) {
            case PORTAL -> es ? "el portal seguro para clientes" : "the secure client portal";
            case EMAIL -> es ? "el correo cifrado de la consulta" : "encrypted practice email";
            case SMS -> es ? "mensajes de texto (SMS)" : "text messages (SMS)";
            case VOICEMAIL_TRANSCRIPT -> es ? "el buzón de voz" : "voicemail";
            case SOCIAL_MEDIA -> es ? "las redes sociales" : "social media";
            case PHONE -> es ? "llamadas telefónicas programadas" : "scheduled phone check-ins";
            case VIDEO -> es ? "videollamadas programadas" : "scheduled video check-ins";
        };
    }

    private static String purposeName(ContactPurpose p, boolean es) {
        return switch (p) {
            case ADMINISTRATIVE -> es ? "citas, facturación y trámites" : "scheduling, billing and paperwork";
            case CLINICAL_CHECK_IN ->
                es
                        ? "seguimiento, tareas y diario entre sesiones"
                        : "check-ins, homework and journaling between sessions";
            case CRISIS -> es ? "situaciones urgentes" : "urgent situations";
        };
    }

    private static String join(List<String> items, boolean es) {
        if (items.size() <= 1) {
            return items.isEmpty() ? "" : items.getFirst();
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + (es ? " y " : " and ") + items.getLast();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
