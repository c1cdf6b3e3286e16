-- A change to one client's contact arrangements for clinical reasons (e.g. phone coaching between
-- sessions in DBT, scheduled check-ins, contact limited to administrative matters): always with a
-- documented clinical reason (encrypted, staff only). Active ones show in the client's policy view;
-- recording and ending are audited.
create table contact_exception (
    id                  char(36)     not null primary key,
    client_id           char(36)     not null,
    kind                varchar(30)  not null,
    reason_enc          text         not null,
    starts_on           date         not null,
    ends_on             date,
    recorded_by         varchar(100) not null,
    recorded_at         datetime(6)  not null,
    ended_at            datetime(6),
    ended_by            varchar(100),
    ended_reason_enc    text,
    constraint fk_contact_exception_client foreign key (client_id) references client (id)
);
create index ix_contact_exception_client on contact_exception (client_id, recorded_at);
