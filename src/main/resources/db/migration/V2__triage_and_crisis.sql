-- Message triage and crisis response.

-- Why the screen decided what it did (signal ids, never text), and where the message went.
alter table message
    add column route            varchar(30),
    add column signals          varchar(1000),
    add column lexicon_version  varchar(30),
    add column framed_as_urgent boolean not null default false,
    add column due_at           timestamp(6),
    add column template_key     varchar(100),
    add column sender_enc       text;

-- A clinician's standing backup (crisis escalation goes here first), and planned leave with cover.
alter table clinician add column backup_clinician_id char(36),
    add constraint fk_clinician_backup foreign key (backup_clinician_id) references clinician (id);

create table clinician_leave (
    id                     char(36) not null primary key,
    clinician_id           char(36) not null,
    starts_on              date     not null,
    ends_on                date     not null,
    covering_clinician_id  char(36) not null,
    constraint ck_leave_order check (starts_on <= ends_on),
    constraint fk_leave_clinician foreign key (clinician_id) references clinician (id),
    constraint fk_leave_covering foreign key (covering_clinician_id) references clinician (id)
);

-- Sender addresses (email, phone) of clients, matched by keyed hash so the address itself stays
-- encrypted while inbound messages can still be matched to a client.
create table client_contact (
    id            char(36)    not null primary key,
    client_id     char(36)    not null,
    channel       varchar(30) not null,
    address_hash  varchar(64) not null,
    address_enc   text        not null,
    constraint uq_client_contact unique (channel, address_hash),
    constraint fk_contact_client foreign key (client_id) references client (id)
);

-- Alerts to staff about one message (crisis alerts and their escalations). One row per level:
-- a job redelivered by the engine finds its row and alerts nobody twice.
create table staff_alert (
    id               char(36)     not null primary key,
    message_id       char(36)     not null,
    level            varchar(20)  not null,
    recipient        varchar(100) not null,
    created_at       timestamp(6) not null,
    acknowledged_at  timestamp(6),
    acknowledged_by  varchar(100),
    constraint uq_staff_alert unique (message_id, level),
    constraint fk_alert_message foreign key (message_id) references message (id)
);

-- What the clinician should bring up in the next session: therapeutic updates, crises,
-- communication patterns. One item per kind and message.
create table session_agenda_item (
    id            char(36)     not null primary key,
    client_id     char(36)     not null,
    clinician_id  char(36)     not null,
    kind          varchar(40)  not null,
    message_id    char(36),
    evidence      varchar(1000),
    created_at    timestamp(6) not null,
    discussed_at  timestamp(6),
    constraint uq_agenda_item unique (kind, message_id),
    constraint fk_agenda_client foreign key (client_id) references client (id)
);
create index ix_agenda_client on session_agenda_item (client_id, discussed_at);

-- Crisis acknowledgements record structured facts only (no free-text PHI).
create table crisis_acknowledgement (
    message_id       char(36)     not null primary key,
    acknowledged_by  varchar(100) not null,
    acknowledged_at  timestamp(6) not null,
    contact_made     varchar(30)  not null,
    safety_assessed  boolean      not null,
    next_step        varchar(40)  not null,
    constraint fk_ack_message foreign key (message_id) references message (id)
);
