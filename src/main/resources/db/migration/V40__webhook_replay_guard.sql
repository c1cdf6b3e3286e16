-- Signed webhooks (issue 6): each accepted (timestamp, signature) pair is kept for the tolerance
-- window so a replayed request is refused; rows older than that are deleted as new ones arrive.
create table webhook_signature (
    signature    char(64)     not null primary key,
    integration  varchar(100) not null,
    signed_at    timestamp(6) not null,
    received_at  timestamp(6) not null
);
create index ix_webhook_signature_received on webhook_signature (received_at);
