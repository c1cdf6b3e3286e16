-- Time spent on between-session work, for billing: minutes asked when a message is answered or a
-- crisis documented, turned into billable units by the client's policy (BillingRule) at that time.
-- No text: dates, minutes, units and the message's category only.
create table time_spent (
    id                      char(36)     not null primary key,
    message_id              char(36)     not null,
    client_id               char(36),
    kind                    varchar(20)  not null,
    category                varchar(30)  not null,
    recorded_by             varchar(100) not null,
    spent_at                datetime(6)  not null,
    minutes                 int          not null,
    billable_units          int          not null,
    policy_version          int,
    billable_after_minutes  int,
    increment_minutes       int,
    constraint uq_time_spent_message_kind unique (message_id, kind)
);
create index ix_time_spent_client on time_spent (client_id, spent_at);
