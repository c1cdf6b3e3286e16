-- Response SLAs (issue 4). One row per message that needs an answer, from routing to answer: the
-- promise (window, due time, reminder point), what happened (reminded, breached, answered) and the
-- measured response time. Ids, categories and timestamps only, never message text.
create table response_sla (
    message_id            char(36)     not null primary key,
    client_id             char(36),
    clinician_id          char(36),
    assignee              varchar(100) not null,
    route                 varchar(30)  not null,
    category              varchar(30)  not null,
    window_key            varchar(20)  not null,
    received_at           timestamp(6) not null,
    due_at                timestamp(6) not null,
    reminder_at           timestamp(6) not null,
    window_seconds        bigint       not null,
    reminded_at           timestamp(6),
    breached_at           timestamp(6),
    answered_at           timestamp(6),
    answered_by           varchar(100),
    business_seconds      bigint,
    elapsed_seconds       bigint,
    on_time               boolean,
    outside_office_hours  boolean,
    review_outcome        varchar(40),
    reviewed_by           varchar(100),
    reviewed_at           timestamp(6),
    constraint fk_response_sla_message foreign key (message_id) references message (id)
);
create index ix_response_sla_breached on response_sla (breached_at);
create index ix_response_sla_answered on response_sla (answered_by, answered_at);
create index ix_response_sla_clinician on response_sla (clinician_id, received_at);

-- "Reset expectations" prompts for a clinician whose answers drift outside the stated window
-- (after hours, or far faster than promised). One open prompt per clinician per cool-down period.
create table availability_prompt (
    id                    char(36)     not null primary key,
    clinician_id          char(36)     not null,
    created_at            timestamp(6) not null,
    reason                varchar(40)  not null,
    outside_hours_count   int          not null,
    fast_answer_count     int          not null,
    process_instance_key  bigint,
    outcome               varchar(40),
    completed_at          timestamp(6),
    constraint fk_prompt_clinician foreign key (clinician_id) references clinician (id)
);
create index ix_prompt_clinician on availability_prompt (clinician_id, created_at);

-- One daily digest per clinician and local date: the scheduler may look many times, it sends once.
create table sla_digest (
    clinician_id   char(36)     not null,
    digest_date    date         not null,
    sent_at        timestamp(6) not null,
    due_today      int          not null,
    overdue        int          not null,
    message_ids    varchar(4000),
    primary key (clinician_id, digest_date),
    constraint fk_digest_clinician foreign key (clinician_id) references clinician (id)
);
