-- A crisis from a client during a high-risk episode: the check-in process adds a post-crisis review
-- (safety plan and risk rating revisited with the client). The crisis itself is handled by triage as
-- any crisis. One review per crisis message; its due time is stored (the task's due date, and what a
-- rebuilt instance shows again).
create table post_crisis_review (
    id                     char(36)     not null primary key,
    episode_id             char(36)     not null,
    client_id              char(36)     not null,
    message_id             char(36)     not null,
    requested_at           datetime(6)  not null,
    due_at                 datetime(6)  not null,
    assignee               varchar(100) not null,
    -- The instance and the element (OpenPostCrisisReviewTask) that opened the task: a second
    -- delivery of the same crisis to the same instance opens no second task.
    process_instance_key   bigint,
    opened_by_element_key  bigint,
    reviewed_at            datetime(6),
    reviewed_by            varchar(100),
    safety_plan_updated    boolean,
    constraint uq_post_crisis_review_message unique (message_id),
    constraint fk_post_crisis_review_episode foreign key (episode_id) references risk_episode (id)
);
create index ix_post_crisis_review_open on post_crisis_review (episode_id, reviewed_at);
