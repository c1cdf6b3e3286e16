-- Outreach by phone after a missed check-in (decision table checkin-outreach, e.g. for clients who
-- prefer the phone): each attempt is a call the clinician makes and documents. One row per attempt.
create table checkin_outreach_call (
    id           char(36)     not null primary key,
    checkin_id   char(36)     not null,
    attempt      int          not null,
    planned_at   datetime(6)  not null,
    assignee     varchar(100) not null,
    outcome      varchar(30),
    recorded_by  varchar(100),
    recorded_at  datetime(6),
    constraint uq_checkin_outreach_call unique (checkin_id, attempt),
    constraint fk_checkin_outreach_call foreign key (checkin_id) references safety_checkin (id)
);
