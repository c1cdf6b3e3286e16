-- Termination: the ending of treatment (planned or drop-out), one row per episode. Every time the
-- termination process waits for is stored here (UTC) and read by its timers as timeDate. The closing
-- letter's text is encrypted; nothing else here is free text.
create table termination (
    id                      char(36)     not null primary key,
    client_id               char(36)     not null,
    clinician_id            char(36)     not null,
    kind                    varchar(20)  not null,
    reason                  varchar(40)  not null,
    status                  varchar(20)  not null,
    stage                   varchar(30)  not null,
    started_by              varchar(100) not null,
    started_at              datetime(6)  not null,
    process_instance_key    bigint,
    published_at            datetime(6),
    last_session_at         datetime(6),
    drop_out_confirmed_at   datetime(6),
    drop_out_confirmed_by   varchar(100),
    safety_gate             varchar(30),
    safety_gate_reason      varchar(30),
    safety_reviewed_at      datetime(6),
    safety_reviewed_by      varchar(100),
    safety_review_decision  varchar(20),
    discuss_due_at          datetime(6),
    discussed_at            datetime(6),
    further_care_advised    boolean,
    outreach_sent_at        datetime(6),
    outreach_reply_by       datetime(6),
    close_decision          varchar(20),
    close_decided_by        varchar(100),
    close_decided_at        datetime(6),
    letter_enc              mediumtext,
    letter_language         varchar(5),
    letter_template_version varchar(40),
    letter_channel          varchar(30),
    letter_written_consent  boolean,
    letter_generated_at     datetime(6),
    letter_approved_by      varchar(100),
    letter_sent_at          datetime(6),
    contact_closes_at       datetime(6),
    contact_closed_at       datetime(6),
    retain_until            date,
    stopped_at              datetime(6),
    stop_reason             varchar(40),
    stopped_by              varchar(100),
    completed_at            datetime(6),
    -- The client id while the termination is open, null after: one open termination per client.
    open_client_id          char(36),
    constraint uq_termination_open unique (open_client_id),
    constraint fk_termination_client foreign key (client_id) references client (id)
);
create index ix_termination_client on termination (client_id, started_at);
create index ix_termination_status on termination (status, started_at);

-- Sessions booked or held, as the practice's scheduling records them: the daily drop-out check
-- looks for the last one, and a session booked during a drop-out ending stops it.
create table client_session (
    id           char(36)     not null primary key,
    client_id    char(36)     not null,
    session_at   datetime(6)  not null,
    recorded_by  varchar(100) not null,
    recorded_at  datetime(6)  not null,
    constraint fk_client_session_client foreign key (client_id) references client (id)
);
create index ix_client_session_client on client_session (client_id, session_at);

-- Records retention: the date until which the client's record is kept (shown in the client record).
alter table client add column retain_until date;
-- A clinician who has left the practice: a former client's crisis goes to the supervisor.
alter table staff_member add column left_at datetime(6);
