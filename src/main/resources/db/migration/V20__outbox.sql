-- Outgoing client notifications (policy documents, reminders, auto-replies). The body is rendered from
-- templates and stored encrypted (AES-GCM, see MessageCipher). The idempotency key makes a repeated
-- enqueue (a job done twice, a retried request) one notification.
create table outbox (
    id               char(36)     not null primary key,
    idempotency_key  varchar(200) not null,
    channel          varchar(30)  not null,
    client_id        char(36)     not null,
    template_key     varchar(100) not null,
    language         varchar(5)   not null,
    body_enc         longtext     not null,
    status           varchar(20)  not null,
    attempts         int          not null default 0,
    created_at       timestamp(6) not null,
    sent_at          timestamp(6),
    constraint uq_outbox_idempotency_key unique (idempotency_key),
    constraint fk_outbox_client foreign key (client_id) references client (id)
);
create index ix_outbox_status_created on outbox (status, created_at);
