-- Domain base. Clinical text (message bodies, client names and contacts) is stored encrypted by the
-- application (AES-GCM, see MessageCipher); the columns below hold ciphertext, never plaintext.

create table practice (
    id            char(36)     not null primary key,
    name          varchar(200) not null,
    time_zone     varchar(64)  not null,
    created_at    timestamp(6) not null
);

create table practice_holiday (
    practice_id   char(36)     not null,
    holiday       date         not null,
    name          varchar(200) not null,
    primary key (practice_id, holiday),
    constraint fk_holiday_practice foreign key (practice_id) references practice (id)
);

-- Every person who signs in: supervisors, clinicians, coordinators, admins, integrations.
create table staff_member (
    id            char(36)     not null primary key,
    practice_id   char(36)     not null,
    username      varchar(100) not null,
    display_name  varchar(200) not null,
    role          varchar(20)  not null,
    constraint uq_staff_username unique (username),
    constraint fk_staff_practice foreign key (practice_id) references practice (id)
);

create table clinician (
    id              char(36)     not null primary key,
    practice_id     char(36)     not null,
    staff_member_id char(36)     not null,
    time_zone       varchar(64)  not null,
    work_email      varchar(200),
    work_phone      varchar(50),
    constraint uq_clinician_staff unique (staff_member_id),
    constraint fk_clinician_practice foreign key (practice_id) references practice (id),
    constraint fk_clinician_staff foreign key (staff_member_id) references staff_member (id)
);

-- Office hours per weekday (ISO day 1 = Monday); several intervals a day are allowed (lunch breaks).
create table clinician_office_hours (
    clinician_id  char(36)  not null,
    day_of_week   int       not null,
    opens_at      time      not null,
    closes_at     time      not null,
    primary key (clinician_id, day_of_week, opens_at),
    constraint ck_office_hours_day check (day_of_week between 1 and 7),
    constraint ck_office_hours_order check (opens_at < closes_at),
    constraint fk_office_hours_clinician foreign key (clinician_id) references clinician (id)
);

-- A clinician's own days off, on top of the practice holidays.
create table clinician_day_off (
    clinician_id  char(36)     not null,
    day_off       date         not null,
    reason        varchar(200),
    primary key (clinician_id, day_off),
    constraint fk_day_off_clinician foreign key (clinician_id) references clinician (id)
);

create table client (
    id                  char(36)     not null primary key,
    practice_id         char(36)     not null,
    clinician_id        char(36)     not null,
    display_name_enc    text         not null,
    status              varchar(20)  not null,
    risk_level          varchar(20)  not null,
    preferred_channel   varchar(30)  not null,
    preferred_language  varchar(5)   not null,
    created_at          timestamp(6) not null,
    constraint fk_client_practice foreign key (practice_id) references practice (id),
    constraint fk_client_clinician foreign key (clinician_id) references clinician (id)
);

-- Versioned communication policy; a consent pins the exact version. clinician_id null = practice default.
create table communication_policy (
    id            char(36)     not null primary key,
    practice_id   char(36)     not null,
    clinician_id  char(36),
    version       int          not null,
    document      longtext     not null,
    created_at    timestamp(6) not null,
    created_by    varchar(100) not null,
    constraint uq_policy_version unique (practice_id, clinician_id, version),
    constraint fk_policy_practice foreign key (practice_id) references practice (id),
    constraint fk_policy_clinician foreign key (clinician_id) references clinician (id)
);

create table message (
    id                    char(36)     not null primary key,
    direction             varchar(10)  not null,
    channel               varchar(30)  not null,
    external_id           varchar(200) not null,
    client_id             char(36),
    clinician_id          char(36),
    in_reply_to_id        char(36),
    body_enc              text         not null,
    received_at           timestamp(6) not null,
    created_at            timestamp(6) not null,
    category              varchar(30),
    crisis_kind           varchar(30),
    status                varchar(20)  not null,
    process_instance_key  bigint,
    answered_at           timestamp(6),
    sent_by               varchar(100),
    constraint uq_message_channel_external unique (channel, external_id),
    constraint fk_message_client foreign key (client_id) references client (id),
    constraint fk_message_clinician foreign key (clinician_id) references clinician (id),
    constraint fk_message_reply foreign key (in_reply_to_id) references message (id)
);
create index ix_message_client_status on message (client_id, status);
create index ix_message_status_created on message (status, created_at);

-- Append-only audit trail: the triggers refuse every update and delete, whoever asks.
create table audit_event (
    id            bigint       not null auto_increment primary key,
    occurred_at   timestamp(6) not null,
    actor         varchar(100) not null,
    event_type    varchar(50)  not null,
    subject_type  varchar(30)  not null,
    subject_id    varchar(64)  not null,
    details       text
);
create index ix_audit_subject on audit_event (subject_type, subject_id);

create trigger audit_event_no_update before update on audit_event
    for each row signal sqlstate '45000' set message_text = 'audit_event is append-only';
create trigger audit_event_no_delete before delete on audit_event
    for each row signal sqlstate '45000' set message_text = 'audit_event is append-only';

-- A client's acknowledgement of one exact policy version.
create table client_consent (
    id              char(36)     not null primary key,
    client_id       char(36)     not null,
    policy_id       char(36)     not null,
    policy_version  int          not null,
    consented_at    timestamp(6) not null,
    channel         varchar(30)  not null,
    recorded_by     varchar(100) not null,
    constraint fk_consent_client foreign key (client_id) references client (id),
    constraint fk_consent_policy foreign key (policy_id) references communication_policy (id)
);
create index ix_consent_client on client_consent (client_id, consented_at);
