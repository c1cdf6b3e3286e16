package org.betweensessions.workspace;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.betweensessions.api.ConflictException;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.crisis.CrisisAcknowledgement;
import org.betweensessions.crisis.CrisisAcknowledgement.ContactMade;
import org.betweensessions.crisis.CrisisAcknowledgement.NextStep;
import org.betweensessions.crisis.CrisisAcknowledgementRepository;
import org.betweensessions.crisis.StaffAlertRepository;
import org.betweensessions.inbox.CrisisAcknowledgementRequest;
import org.betweensessions.inbox.CrisisDocumentationRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.inbox.ReplyRequest;
import org.betweensessions.message.Direction;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.policy.LanguageBank;
import org.betweensessions.policy.PolicyDocument;
import org.betweensessions.policy.PolicyService;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.betweensessions.templates.TemplateBank;
import org.betweensessions.triage.screening.TriageLexicon;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The clinician's workspace in the browser: "My work" at {@code /} and one page per message, where
 * the text is read (decrypted here, never in the engine or Tasklist) and answered. Every action goes
 * through {@link MessageService}, so the checks are the API's: a clinician reads and answers only
 * their own clients' messages (and crises they were alerted to), a coordinator administrative ones,
 * everyone only their practice's.
 */
@Controller
class WorkspaceController {

    private final MyWork work;
    private final MessageService messages;
    private final ClientRepository clients;
    private final PolicyService policies;
    private final TemplateBank templates;
    private final TriageLexicon lexicon;
    private final CrisisAcknowledgementRepository acknowledgements;
    private final StaffAlertRepository alerts;
    private final Validator validator;
    private final Clock clock;
    private final ServerProperties server;

    /**
     * With OIDC (docs/production.md) people sign in through the practice's identity provider: the
     * sign-in link's name for it; null without OIDC.
     */
    private final String oidc;

    WorkspaceController(
            ServerProperties server,
            MyWork work,
            MessageService messages,
            ClientRepository clients,
            PolicyService policies,
            TemplateBank templates,
            TriageLexicon lexicon,
            CrisisAcknowledgementRepository acknowledgements,
            StaffAlertRepository alerts,
            Validator validator,
            Clock clock,
            ObjectProvider<ClientRegistrationRepository> oidc) {
        var registrations = oidc.getIfAvailable();
        var practice = registrations == null ? null : registrations.findByRegistrationId("practice");
        this.oidc = practice == null ? null : practice.getClientName();
        this.work = work;
        this.messages = messages;
        this.clients = clients;
        this.policies = policies;
        this.templates = templates;
        this.lexicon = lexicon;
        this.acknowledgements = acknowledgements;
        this.alerts = alerts;
        this.validator = validator;
        this.clock = clock;
        this.server = server;
    }

    /** Seconds of inactivity after which the session ends; the page then clears itself (workspace.js). */
    @ModelAttribute("idleSeconds")
    long idleSeconds() {
        Duration timeout = server.getServlet().getSession().getTimeout();
        return timeout == null ? 0 : timeout.toSeconds();
    }

    @GetMapping("/login")
    String login(Model model) {
        model.addAttribute("oidc", oidc);
        return "login";
    }

    /** A row of "My work" as shown: times already in the reader's zone. */
    record Row(
            String kind,
            String kindLabel,
            String clientName,
            String channel,
            String received,
            String due,
            String timeLeft,
            boolean overdue,
            String link,
            String note) {}

    @GetMapping("/")
    String myWork(Authentication auth, Model model) {
        CurrentUser user = CurrentUser.of(auth);
        ZoneId zone = work.zoneOf(user);
        Instant now = clock.instant();
        List<Row> rows = work.of(user).stream()
                .map(i -> new Row(
                        i.kind().name(),
                        i.kind() == WorkItem.Kind.TASK ? i.note() : i.kind().label(),
                        i.clientName(),
                        i.channel(),
                        Times.local(i.receivedAt(), zone),
                        Times.local(i.breachedAt() != null ? i.breachedAt() : i.dueAt(), zone),
                        i.breachedAt() != null
                                ? "breached " + Times.span(Duration.between(i.breachedAt(), now)) + " ago"
                                : Times.left(i.dueAt(), now),
                        i.dueAt() != null && i.dueAt().isBefore(now),
                        i.link(),
                        i.kind() == WorkItem.Kind.TASK ? null : i.note()))
                .toList();
        model.addAttribute("user", user);
        model.addAttribute("zone", zone.getId());
        model.addAttribute("rows", rows);
        return "work";
    }

    @GetMapping("/messages/{id}")
    String message(@PathVariable UUID id, Authentication auth, Model model) {
        CurrentUser user = CurrentUser.of(auth);
        Message message = messages.get(id, user); // 404 other practice, 403 not this user's
        fill(model, message, user);
        return "message";
    }

    @PostMapping("/messages/{id}/reply")
    String reply(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String body,
            @RequestParam(required = false) Integer minutesSpent,
            Authentication auth,
            Model model,
            RedirectAttributes redirect) {
        CurrentUser user = CurrentUser.of(auth);
        Message message = messages.get(id, user);
        Optional<String> avoided = LanguageBank.findAvoidedPhrase(body);
        String problem = null;
        if (body.isBlank()) {
            problem = "Write a reply, or pick a template and adapt it.";
        } else if (avoided.isPresent()) {
            problem = "The reply contains \u201c" + avoided.get() + "\u201d, which the practice's"
                    + " language bank asks us never to send a client. Please reword it.";
        } else if (minutesSpent == null || minutesSpent < 0 || minutesSpent > 600) {
            problem = "Enter the minutes you spent on this answer, from 0 to 600.";
        } else if (!validator.validate(new ReplyRequest(body)).isEmpty()) {
            problem = "The reply is too long or contains characters that cannot be sent.";
        }
        if (problem == null) {
            try {
                messages.reply(id, new ReplyRequest(body, minutesSpent), user);
                redirect.addFlashAttribute("notice", "Reply sent to " + clientName(message) + ".");
                return "redirect:/";
            } catch (ConflictException notNow) {
                problem = notNow.getMessage();
            }
        }
        fill(model, message, user);
        model.addAttribute("draft", body);
        model.addAttribute("minutesSpent", minutesSpent);
        model.addAttribute("problem", problem);
        return "message";
    }

    /** "I'm on it": one click, the escalation stops; the documentation follows on the same page. */
    @PostMapping("/messages/{id}/acknowledgement")
    String acknowledge(@PathVariable UUID id, Authentication auth, Model model, RedirectAttributes redirect) {
        CurrentUser user = CurrentUser.of(auth);
        Message message = messages.get(id, user);
        try {
            messages.acknowledgeCrisis(id, CrisisAcknowledgementRequest.imOnIt(), user);
            redirect.addFlashAttribute(
                    "notice",
                    "You are on it: escalation stopped for " + clientName(message)
                            + ". Document the contact below by the end of today.");
            return "redirect:/messages/" + id;
        } catch (ConflictException notNow) {
            fill(model, message, user);
            model.addAttribute("problem", notNow.getMessage());
            return "message";
        }
    }

    @PostMapping("/messages/{id}/documentation")
    String document(
            @PathVariable UUID id,
            @RequestParam(required = false) ContactMade contactMade,
            @RequestParam(defaultValue = "false") boolean safetyAssessed,
            @RequestParam(required = false) NextStep nextStep,
            @RequestParam(required = false) Integer minutesSpent,
            Authentication auth,
            Model model,
            RedirectAttributes redirect) {
        CurrentUser user = CurrentUser.of(auth);
        Message message = messages.get(id, user);
        String problem = null;
        if (contactMade == null || nextStep == null) {
            problem = "Choose how you reached the client and what happens next.";
        } else if (minutesSpent == null || minutesSpent < 0 || minutesSpent > 600) {
            problem = "Enter the minutes you spent, from 0 to 600.";
        } else {
            try {
                messages.documentCrisis(
                        id, new CrisisDocumentationRequest(contactMade, safetyAssessed, nextStep, minutesSpent), user);
                redirect.addFlashAttribute(
                        "notice",
                        "Crisis contact documented for " + clientName(message)
                                + "; it is on the next session's agenda.");
                return "redirect:/";
            } catch (ConflictException notNow) {
                problem = notNow.getMessage();
            }
        }
        fill(model, message, user);
        model.addAttribute("problem", problem);
        return "message";
    }

    record Entry(String who, String when, String text, boolean fromClient, String note) {}

    record Option(String value, String label) {}

    record Template(String key, String text) {}

    private void fill(Model model, Message message, CurrentUser user) {
        ZoneId zone = work.zoneOf(user);
        Instant now = clock.instant();
        Optional<Client> client = Optional.ofNullable(message.getClientId()).flatMap(clients::findById);
        String language = client.map(Client::getPreferredLanguage).orElse("en");
        List<Entry> thread = new ArrayList<>();
        thread.add(new Entry(
                clientName(message),
                Times.local(message.getReceivedAt(), zone),
                message.getBody(),
                true,
                MyWork.words(message.getChannel().name())));
        messages.replies(message.getId()).stream()
                .sorted(Comparator.comparing(Message::getCreatedAt))
                .filter(r -> r.getDirection() == Direction.OUTBOUND)
                .forEach(r -> thread.add(new Entry(
                        r.getSentBy() != null && !r.isAutomaticReply() ? r.getSentBy() : "Automatic reply",
                        Times.local(r.getCreatedAt(), zone),
                        r.getBody(),
                        false,
                        r.getTemplateKey() != null ? "template " + r.getTemplateKey() : null)));
        boolean crisis = "CRISIS".equals(message.getCategory());
        Optional<CrisisAcknowledgement> ack = crisis ? acknowledgements.findById(message.getId()) : Optional.empty();
        model.addAttribute("user", user);
        model.addAttribute("message", message);
        model.addAttribute("clientName", clientName(message));
        model.addAttribute("language", language);
        model.addAttribute("thread", thread);
        model.addAttribute(
                "category", message.getCategory() == null ? "being screened" : MyWork.words(message.getCategory()));
        model.addAttribute("route", message.getRoute());
        model.addAttribute(
                "signals",
                message.getSignals().stream().map(s -> lexicon.describe(s)).toList());
        model.addAttribute("framedAsUrgent", message.isFramedAsUrgent());
        model.addAttribute("due", crisis ? "" : Times.local(message.getDueAt(), zone));
        model.addAttribute(
                "timeLeft",
                crisis || message.getStatus() != MessageStatus.AWAITING_RESPONSE
                        ? ""
                        : Times.left(message.getDueAt(), now));
        model.addAttribute("status", MyWork.words(message.getStatus().name()));
        model.addAttribute("policyLine", client.map(this::policyLine).orElse(null));
        model.addAttribute("crisis", crisis);
        model.addAttribute(
                "acknowledgement",
                ack.map(a -> a.getAcknowledgedBy() + " at " + Times.local(a.getAcknowledgedAt(), zone))
                        .orElse(null));
        model.addAttribute(
                "documentation",
                ack.filter(CrisisAcknowledgement::isDocumented)
                        .map(a -> a.getDocumentedBy() + " at " + Times.local(a.getDocumentedAt(), zone) + ": "
                                + MyWork.words(a.getContactMade()) + ", next step "
                                + MyWork.words(a.getNextStep()).toLowerCase(Locale.ROOT))
                        .orElse(null));
        model.addAttribute("mayAcknowledge", crisis && ack.isEmpty());
        model.addAttribute(
                "escalatesAt",
                crisis && ack.isEmpty()
                        ? alerts.findByMessageIdOrderByCreatedAtAsc(message.getId()).stream()
                                .reduce((first, second) -> second)
                                .map(a -> Times.local(a.getEscalateAt(), zone) + " ("
                                        + Times.left(a.getEscalateAt(), now) + ")")
                                .orElse(null)
                        : null);
        model.addAttribute(
                "mayDocument",
                ack.filter(a -> !a.isDocumented()
                                && (a.getAcknowledgedBy().equals(user.username()) || user.is(StaffRole.SUPERVISOR)))
                        .isPresent());
        model.addAttribute(
                "documentationDue",
                ack.filter(a -> !a.isDocumented())
                        .map(a -> Times.local(a.getDocumentationDueAt(), zone) + " ("
                                + Times.left(a.getDocumentationDueAt(), now) + ")")
                        .orElse(null));
        model.addAttribute(
                "alerts",
                alerts.findByMessageIdOrderByCreatedAtAsc(message.getId()).stream()
                        .map(a -> MyWork.words(a.getLevel()) + ": " + a.getRecipient() + " at "
                                + Times.local(a.getCreatedAt(), zone)
                                + (a.getAcknowledgedAt() != null ? " (acknowledged)" : ""))
                        .toList());
        model.addAttribute(
                "contactOptions",
                List.of(
                        new Option("PHONE_CALL", "Phone call with the client"),
                        new Option("VIDEO_CALL", "Video call with the client"),
                        new Option("SECURE_MESSAGE", "Secure message exchange"),
                        new Option("NO_ANSWER", "Tried, could not reach the client")));
        model.addAttribute(
                "nextStepOptions",
                List.of(
                        new Option("SAFETY_PLAN_REVIEWED", "Safety plan reviewed with the client"),
                        new Option("SESSION_SCHEDULED", "Session scheduled"),
                        new Option("EMERGENCY_SERVICES_CALLED", "Emergency services called"),
                        new Option("MONITOR_AND_CHECK_IN", "Monitor and check in"),
                        new Option("REFERRED_TO_HIGHER_CARE", "Referred to a higher level of care")));
        model.addAttribute("mayReply", !crisis && message.getStatus() == MessageStatus.AWAITING_RESPONSE);
        model.addAttribute(
                "templates", client.map(c -> templatesFor(c, language)).orElse(List.of()));
        model.addAttribute("zone", zone.getId());
    }

    /** Templates a person may start a reply from, in the client's language, placeholders filled. */
    private List<Template> templatesFor(Client client, String language) {
        PolicyDocument document = policies.effectiveFor(client).getDocument();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("approvedChannel", approvedChannel(document, client, language));
        values.put("responseWindow", window(document.responseWindow(), language));
        List<Template> offered = new ArrayList<>();
        for (String key : List.of(
                "ack.therapeutic-update",
                "boundary.redirect",
                "redirect.approved-channel",
                "availability.reset.fast-answers")) {
            if (!templates.keys().contains(key)) {
                continue;
            }
            try {
                String text = templates.render(key, language, values);
                if (LanguageBank.findAvoidedPhrase(text).isEmpty()) {
                    offered.add(new Template(key, text));
                }
            } catch (IllegalArgumentException needsAValueWeDoNotHave) {
                // not offered
            }
        }
        return offered;
    }

    private static String approvedChannel(PolicyDocument document, Client client, String language) {
        boolean es = "es".equals(language);
        var preferred = client.getPreferredChannel();
        var channel = preferred;
        if (document.channelsOffered() != null
                && !document.channelsOffered().isEmpty()
                && document.channelsOffered().stream().noneMatch(o -> o.channel() == preferred)) {
            channel = document.channelsOffered().getFirst().channel();
        }
        return switch (channel) {
            case PORTAL -> es ? "el portal seguro para clientes" : "the secure client portal";
            case EMAIL -> es ? "el correo electrónico cifrado de la consulta" : "encrypted practice email";
            case PHONE -> es ? "llamadas telefónicas programadas" : "scheduled phone calls";
            case VIDEO -> es ? "videollamadas programadas" : "scheduled video calls";
            default -> MyWork.words(channel.name());
        };
    }

    private static String window(PolicyDocument.ResponseWindow window, String language) {
        if (window == null) {
            return "";
        }
        boolean es = "es".equals(language);
        int n = window.amount();
        return switch (window.kind()) {
            case "BUSINESS_HOURS" -> es ? n + " horas hábiles" : n + " business hours";
            case "BUSINESS_DAYS" ->
                es ? n + (n == 1 ? " día hábil" : " días hábiles") : n + (n == 1 ? " business day" : " business days");
            case "CALENDAR_DAYS" -> es ? n + " días" : n + " days";
            default -> es ? n + " horas" : n + " hours";
        };
    }

    /** The client's policy in one line: channels, window, crisis plan. */
    private String policyLine(Client client) {
        var policy = policies.effectiveFor(client);
        PolicyDocument d = policy.getDocument();
        String channels = d.channelsOffered() == null
                ? "none"
                : String.join(
                        ", ",
                        d.channelsOffered().stream()
                                .map(o -> MyWork.words(o.channel().name()))
                                .toList());
        String crisis = d.crisis() == null || d.crisis().resources() == null
                ? "none stated"
                : String.join(
                        ", ",
                        d.crisis().resources().stream()
                                .map(r -> r.name() + " " + r.contact())
                                .toList());
        return "Policy v" + policy.getVersion() + ": " + channels + " · answers within "
                + window(d.responseWindow(), "en") + " · crisis: " + crisis;
    }

    private String clientName(Message message) {
        return Optional.ofNullable(message.getClientId())
                .flatMap(clients::findById)
                .map(Client::getDisplayName)
                .orElse("Unknown sender");
    }

    @ExceptionHandler(AccessDeniedException.class)
    String forbidden(HttpServletResponse response, Model model) {
        response.setStatus(403);
        model.addAttribute("status", 403);
        model.addAttribute("title", "Not yours to open");
        model.addAttribute(
                "detail",
                "This message belongs to another clinician's client. If you are"
                        + " covering for a colleague, the practice routes their crises to you.");
        return "problem";
    }

    @ExceptionHandler({NotFoundException.class, MethodArgumentTypeMismatchException.class})
    String notFound(HttpServletResponse response, Model model) {
        response.setStatus(404);
        model.addAttribute("status", 404);
        model.addAttribute("title", "Not found");
        model.addAttribute("detail", "There is no such message in your practice.");
        return "problem";
    }
}
