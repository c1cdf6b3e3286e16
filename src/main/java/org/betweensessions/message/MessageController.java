package org.betweensessions.message;

import jakarta.validation.Valid;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.betweensessions.security.CurrentUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/messages")
class MessageController {

  private final MessageService service;

  MessageController(MessageService service) {
    this.service = service;
  }

  /** 202 for a new message (stored, triage under way); 200 with the same message for a redelivery. */
  @PostMapping
  ResponseEntity<InboundReceipt> receive(@Valid @RequestBody InboundMessageRequest request) {
    MessageService.Accepted accepted = service.accept(request);
    Message m = accepted.message();
    InboundReceipt receipt = new InboundReceipt(m.getId(), m.getStatus(), m.getReceivedAt());
    return ResponseEntity.status(accepted.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
        .location(URI.create("/api/messages/" + m.getId()))
        .body(receipt);
  }

  @GetMapping("/{id}")
  MessageView get(@PathVariable UUID id, Authentication auth) {
    Message m = service.get(id, CurrentUser.of(auth));
    return MessageView.of(m, service.replies(id));
  }

  @PostMapping("/{id}/replies")
  ResponseEntity<ReplyView> reply(@PathVariable UUID id, @Valid @RequestBody ReplyRequest request,
      Authentication auth) {
    Message reply = service.reply(id, request, CurrentUser.of(auth));
    return ResponseEntity.status(HttpStatus.CREATED).body(ReplyView.of(reply));
  }

  record InboundReceipt(UUID id, MessageStatus status, Instant receivedAt) {}

  /** Status for staff. The body is shown only to people who may read it. */
  record MessageView(UUID id, UUID clientId, Channel channel, String category, String crisisKind,
      MessageStatus status, Instant receivedAt, Instant answeredAt, String body,
      List<ReplyView> replies) {

    static MessageView of(Message m, List<Message> replies) {
      return new MessageView(m.getId(), m.getClientId(), m.getChannel(), m.getCategory(),
          m.getCrisisKind(), m.getStatus(), m.getReceivedAt(), m.getAnsweredAt(), m.getBody(),
          replies.stream().map(ReplyView::of).toList());
    }
  }

  record ReplyView(UUID id, UUID inReplyToId, String sentBy, Instant sentAt, String body) {

    static ReplyView of(Message m) {
      return new ReplyView(m.getId(), m.getInReplyToId(), m.getSentBy(), m.getCreatedAt(),
          m.getBody());
    }
  }
}
