-- Caring Contacts after a high-risk episode (when the practice enables them): brief messages that ask
-- nothing, on the schedule of the decision table caring-contacts, until a configured end (12 months
-- by default). Each contact's due time is stored and read by the caring-contacts process's timer.
alter table risk_episode add column caring_contacts_until datetime(6);
alter table risk_episode add column caring_process_instance_key bigint;
alter table risk_episode add column caring_contacts_ended_at datetime(6);

create table caring_contact (
    id          char(36)    not null primary key,
    episode_id  char(36)    not null,
    client_id   char(36)    not null,
    number      int         not null,
    due_at      datetime(6) not null,
    sent_at     datetime(6),
    constraint uq_caring_contact_number unique (episode_id, number),
    constraint fk_caring_contact_episode foreign key (episode_id) references risk_episode (id)
);
