package org.betweensessions.inbox;

import jakarta.validation.Valid;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.betweensessions.crisis.CrisisAcknowledgement;
import org.betweensessions.crisis.CrisisAcknowledgementRepository;
import org.betweensessions.crisis.StaffAlert;
import org.betweensessions.crisis.StaffAlertRepository;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.triage.screening.TriageLexicon;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/messages")
class MessageController {

    private final MessageService service;
    private final StaffAlertRepository alerts;
    private final CrisisAcknowledgementRepository acknowledgements;
    private final TriageLexicon lexicon;

    MessageController(
            MessageService service,
            StaffAlertRepository alerts,
            CrisisAcknowledgementRepository acknowledgements,
            TriageLexicon lexicon) {
        this.service = service;
        this.alerts = alerts;
        this.acknowledgements = acknowledgements;
        this.lexicon = lexicon;
    }

    /** 202 for a new message (stored, triage under way); 200 with the same message for a redelivery. */
    @PostMapping
    ResponseEntity<InboundReceipt> receive(@Valid @RequestBody InboundMessageRequest request, Authentication auth) {
        MessageService.Accepted accepted = service.accept(request, CurrentUser.of(auth));
        Message m = accepted.message();
        InboundReceipt receipt = new InboundReceipt(m.getId(), m.getStatus(), m.getReceivedAt());
        return ResponseEntity.status(accepted.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(URI.create("/api/messages/" + m.getId()))
                .body(receipt);
    }

    @GetMapping
    List<MessageSummary> search(
            @RequestParam(required = false) UUID clientId,
            @RequestParam(required = false) MessageStatus status,
            Authentication auth) {
        return service.search(clientId, status, CurrentUser.of(auth)).stream()
                .map(MessageSummary::of)
                .toList();
    }

    @GetMapping("/{id}")
    MessageView get(@PathVariable UUID id, Authentication auth) {
        Message m = service.get(id, CurrentUser.of(auth));
        List<Message> outbound = service.replies(id);
        return new MessageView(
                m.getId(),
                m.getClientId(),
                m.getChannel(),
                m.getCategory(),
                m.getCrisisKind(),
                m.getRoute(),
                m.getStatus(),
                m.getReceivedAt(),
                m.getDueAt(),
                m.getAnsweredAt(),
                m.isFramedAsUrgent(),
                m.getSignals().stream()
                        .map(s -> new Signal(s, lexicon.describe(s)))
                        .toList(),
                m.getLexiconVersion(),
                m.getEnteredBy(),
                m.getBody(),
                outbound.stream()
                        .filter(r -> r.getTemplateKey() == null)
                        .map(ReplyView::of)
                        .toList(),
                outbound.stream()
                        .filter(r -> r.getTemplateKey() != null)
                        .map(ReplyView::of)
                        .toList(),
                alerts.findByMessageIdOrderByCreatedAtAsc(id).stream()
                        .map(AlertView::of)
                        .toList(),
                acknowledgements.findById(id).map(AcknowledgementView::of).orElse(null));
    }

    @PostMapping("/{id}/replies")
    ResponseEntity<ReplyView> reply(
            @PathVariable UUID id, @Valid @RequestBody ReplyRequest request, Authentication auth) {
        Message reply = service.reply(id, request, CurrentUser.of(auth));
        return ResponseEntity.status(HttpStatus.CREATED).body(ReplyView.of(reply));
    }

    /**
     * 202: "I'm on it", the escalation stops. An empty body (or none) acknowledges only; the contact is
     * documented next through {@code crisis-documentation}, the same day.
     */
    @PostMapping("/{id}/crisis-acknowledgement")
    ResponseEntity<Void> acknowledgeCrisis(
            @PathVariable UUID id,
            @Valid @RequestBody(required = false) CrisisAcknowledgementRequest request,
            Authentication auth) {
        service.acknowledgeCrisis(
                id, request == null ? CrisisAcknowledgementRequest.imOnIt() : request, CurrentUser.of(auth));
        return ResponseEntity.accepted().build();
    }

    /** 202: the acknowledged crisis documented; the "Document crisis contact" task completes. */
    @PostMapping("/{id}/crisis-documentation")
    ResponseEntity<Void> documentCrisis(
            @PathVariable UUID id, @Valid @RequestBody CrisisDocumentationRequest request, Authentication auth) {
        service.documentCrisis(id, request, CurrentUser.of(auth));
        return ResponseEntity.accepted().build();
    }

    record InboundReceipt(UUID id, MessageStatus status, Instant receivedAt) {}

    record MessageSummary(
            UUID id,
            UUID clientId,
            Channel channel,
            String category,
            String crisisKind,
            String route,
            MessageStatus status,
            Instant receivedAt,
            Instant dueAt) {

        static MessageSummary of(Message m) {
            return new MessageSummary(
                    m.getId(),
                    m.getClientId(),
                    m.getChannel(),
                    m.getCategory(),
                    m.getCrisisKind(),
                    m.getRoute(),
                    m.getStatus(),
                    m.getReceivedAt(),
                    m.getDueAt());
        }
    }

    record Signal(String id, String description) {}

    /** Everything staff need to act on a message: why it was classified so, what was sent, who knows. */
    record MessageView(
            UUID id,
            UUID clientId,
            Channel channel,
            String category,
            String crisisKind,
            String route,
            MessageStatus status,
            Instant receivedAt,
            Instant dueAt,
            Instant answeredAt,
            boolean framedAsUrgent,
            List<Signal> signals,
            String lexiconVersion,
            String enteredBy,
            String body,
            List<ReplyView> replies,
            List<ReplyView> autoReplies,
            List<AlertView> alerts,
            AcknowledgementView crisisAcknowledgement) {}

    record ReplyView(UUID id, UUID inReplyToId, String sentBy, String templateKey, Instant sentAt, String body) {

        static ReplyView of(Message m) {
            return new ReplyView(
                    m.getId(), m.getInReplyToId(), m.getSentBy(), m.getTemplateKey(), m.getCreatedAt(), m.getBody());
        }
    }

    record AlertView(String level, String recipient, Instant alertedAt, Instant acknowledgedAt, String acknowledgedBy) {

        static AlertView of(StaffAlert a) {
            return new AlertView(
                    a.getLevel(), a.getRecipient(), a.getCreatedAt(), a.getAcknowledgedAt(), a.getAcknowledgedBy());
        }
    }

    record AcknowledgementView(
            String acknowledgedBy,
            Instant acknowledgedAt,
            String contactMade,
            boolean safetyAssessed,
            String nextStep) {

        static AcknowledgementView of(CrisisAcknowledgement a) {
            return new AcknowledgementView(
                    a.getAcknowledgedBy(),
                    a.getAcknowledgedAt(),
                    a.getContactMade(),
                    a.isSafetyAssessed(),
                    a.getNextStep());
        }
    }
}
