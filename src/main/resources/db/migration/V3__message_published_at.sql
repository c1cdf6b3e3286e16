-- When the message was handed to the engine. Status alone cannot tell: a crisis is alerted (and its
-- status moves on) the moment it is stored, before the engine has it.
alter table message add column published_at timestamp(6);
update message set published_at = created_at where status <> 'RECEIVED' and direction = 'INBOUND';
create index ix_message_unpublished on message (published_at, created_at);
