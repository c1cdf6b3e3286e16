-- Intake consent to the communication policy (issue 5).

-- Clinician-level overrides: the overriding fields as given, kept to rebuild the clinician's
-- effective document when the practice default changes. client_facing_change: whether this version
-- changed what clients read (then clients on older versions are asked to consent again).
alter table communication_policy
    add column overrides longtext null,
    add column client_facing_change boolean not null default true;

-- One consent per client and exact policy version: a repeated acknowledgement is the same consent.
alter table client_consent
    add constraint uq_consent_client_policy unique (client_id, policy_id);

-- A request for a client's consent (at intake, or again after a client-facing policy change), driven
-- by one intake-consent process instance. At most one open request per client.
create table consent_request (
    id                    char(36)     not null primary key,
    client_id             char(36)     not null,
    policy_id             char(36)     not null,
    policy_version        int          not null,
    kind                  varchar(20)  not null,
    status                varchar(20)  not null,
    process_instance_key  bigint,
    published_at          timestamp(6),
    consent_id            char(36),
    reminders_sent        int          not null default 0,
    escalated_at          timestamp(6),
    created_at            timestamp(6) not null,
    completed_at          timestamp(6),
    -- The client id while the request is open, null after: the unique key allows one open request.
    open_client_id        char(36),
    constraint uq_consent_request_open unique (open_client_id),
    constraint fk_consent_request_client foreign key (client_id) references client (id),
    constraint fk_consent_request_policy foreign key (policy_id) references communication_policy (id),
    constraint fk_consent_request_consent foreign key (consent_id) references client_consent (id)
);
create index ix_consent_request_status on consent_request (status, created_at);

-- What the clinician confirmed when reviewing the policy with the client (no free text, no PHI).
create table consent_review (
    id                         char(36)     not null primary key,
    request_id                 char(36)     not null,
    client_id                  char(36)     not null,
    preferred_channel          varchar(30)  not null,
    understood_channels        boolean      not null,
    understood_contact_kinds   boolean      not null,
    understood_response_time   boolean      not null,
    understood_crisis_plan     boolean      not null,
    arrangement                varchar(30)  not null,
    reviewed_by                varchar(100) not null,
    reviewed_at                timestamp(6) not null,
    constraint uq_consent_review_request unique (request_id),
    constraint fk_consent_review_request foreign key (request_id) references consent_request (id),
    constraint fk_consent_review_client foreign key (client_id) references client (id)
);
