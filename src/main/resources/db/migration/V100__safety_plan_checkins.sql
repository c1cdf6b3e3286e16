-- Issue 15: high-risk clients: safety plan, scheduled check-ins, missed check-in outreach.
-- Every deadline the safety-plan-checkins process waits for is stored here (UTC) and read by its
-- timers as timeDate, so a rebuilt or restarted instance keeps the original times.

-- One period during which a client is rated high risk: from the clinician raising the level (reason
-- required, encrypted) to lowering it, termination or transfer. At most one open episode per client.
create table risk_episode (
    id                       char(36)     not null primary key,
    client_id                char(36)     not null,
    clinician_id             char(36)     not null,
    cssrs_level              varchar(20),
    modality                 varchar(30)  not null,
    raised_by                varchar(100) not null,
    raised_at                datetime(6)  not null,
    raised_reason_enc        text         not null,
    process_instance_key     bigint,
    safety_plan_due_at       datetime(6)  not null,
    safety_plan_reviewed_at  datetime(6),
    safety_plan_reviewed_by  varchar(100),
    risk_review_due_at       datetime(6),
    ended_at                 datetime(6),
    end_reason               varchar(30),
    ended_by                 varchar(100),
    lowered_reason_enc       text,
    -- The client id while the episode is open, null after: the unique key allows one open episode.
    open_client_id           char(36),
    constraint uq_risk_episode_open unique (open_client_id),
    constraint fk_risk_episode_client foreign key (client_id) references client (id)
);
create index ix_risk_episode_client on risk_episode (client_id, raised_at);

-- The Stanley-Brown safety plan, versioned: each change is a new row; every section encrypted.
create table safety_plan (
    id                        char(36)     not null primary key,
    client_id                 char(36)     not null,
    version                   int          not null,
    warning_signs_enc         text,
    internal_coping_enc       text,
    distraction_enc           text,
    people_to_ask_enc         text,
    professionals_enc         text,
    environment_safety_enc    text,
    written_by                varchar(100) not null,
    written_at                datetime(6)  not null,
    reviewed_with_client_at   datetime(6),
    constraint uq_safety_plan_version unique (client_id, version),
    constraint fk_safety_plan_client foreign key (client_id) references client (id)
);

-- One scheduled check-in of an episode, numbered from 1, with its outreach after a miss and the
-- clinician's welfare decision. Only ids, times, counts and categories: the texts are in the outbox.
create table safety_checkin (
    id                     char(36)     not null primary key,
    episode_id             char(36)     not null,
    client_id              char(36)     not null,
    number                 int          not null,
    due_at                 datetime(6)  not null,
    sent_at                datetime(6),
    reply_by               datetime(6),
    answered_at            datetime(6),
    answer_message_id      char(36),
    missed_at              datetime(6),
    outreach_attempts      int          not null default 0,
    next_outreach_at       datetime(6),
    welfare_opened_at      datetime(6),
    welfare_level          varchar(20),
    welfare_assignee       varchar(100),
    welfare_escalate_at    datetime(6),
    welfare_outcome        varchar(40),
    welfare_recorded_by    varchar(100),
    welfare_recorded_at    datetime(6),
    closed_at              datetime(6),
    constraint uq_safety_checkin_number unique (episode_id, number),
    constraint fk_safety_checkin_episode foreign key (episode_id) references risk_episode (id)
);
create index ix_safety_checkin_open on safety_checkin (closed_at, client_id);
