-- Vacation and leave coverage: one coverage per absence, driven by one coverage-handoff instance.
-- Every date-time the process waits for is stored here (UTC) and read by its timers as timeDate, so a
-- rebuilt instance keeps the original times. Summaries are clinical text: encrypted, never in the engine.

create table coverage (
    id                        char(36)     not null primary key,
    practice_id               char(36)     not null,
    clinician_id              char(36)     not null,
    covering_clinician_id     char(36)     not null,
    reason_category           varchar(30)  not null,
    emergency                 boolean      not null default false,
    starts_on                 date         not null,
    ends_on                   date         not null,
    starts_at                 datetime(6)  not null,
    ends_at                   datetime(6)  not null,
    planned_by                varchar(100) not null,
    planned_at                datetime(6)  not null,
    status                    varchar(30)  not null,
    process_instance_key      bigint,
    approval_level            varchar(30),
    approval_requested_from   varchar(100),
    approved_by               varchar(100),
    approved_at               datetime(6),
    accepted_at               datetime(6),
    declined_at               datetime(6),
    conflict                  varchar(40),
    leave_id                  char(36),
    summaries_due_at          datetime(6),
    summaries_confirmed_at    datetime(6),
    notify_at                 datetime(6),
    notices_sent_at           datetime(6),
    started_at                datetime(6),
    tasks_reassigned          int,
    covering_unavailable_at   datetime(6),
    ended_at                  datetime(6),
    end_reason                varchar(30),
    hand_back_due_at          datetime(6),
    handed_back_at            datetime(6),
    handed_back_by            varchar(100),
    constraint ck_coverage_order check (starts_on <= ends_on),
    constraint fk_coverage_clinician foreign key (clinician_id) references clinician (id),
    constraint fk_coverage_covering foreign key (covering_clinician_id) references clinician (id)
);
create index ix_coverage_open on coverage (status, clinician_id);

-- What the coverage-summary decision asked for each active client, and the summary itself
-- (risk, safety plan on file, concerns, medications and prescriber, emergency contact, tips),
-- encrypted. Updated by the covering clinician during the absence (counted for the hand-back).
create table coverage_summary (
    id                        char(36)     not null primary key,
    coverage_id               char(36)     not null,
    client_id                 char(36)     not null,
    summary_kind              varchar(20)  not null,
    warm_handoff_required     boolean      not null default false,
    warm_handoff_done_at      datetime(6),
    text_enc                  text,
    written_by                varchar(100),
    written_at                datetime(6),
    covering_updates          int          not null default 0,
    constraint uq_coverage_summary unique (coverage_id, client_id),
    constraint fk_coverage_summary_coverage foreign key (coverage_id) references coverage (id),
    constraint fk_coverage_summary_client foreign key (client_id) references client (id)
);

-- Routing during the absence per message category (decision coverage-routing): COVERING (the
-- covering clinician answers within the normal window) or AFTER_RETURN (the clinician answers after
-- the return; the client is told so). Read by triage while the leave is in force.
create table clinician_leave_routing (
    leave_id                  char(36)     not null,
    category                  varchar(40)  not null,
    route                     varchar(20)  not null,
    primary key (leave_id, category),
    constraint fk_leave_routing_leave foreign key (leave_id) references clinician_leave (id)
);

-- Who answers instead of the covering clinician when they become unavailable (the supervisor).
alter table clinician_leave add column cover_username varchar(100);
