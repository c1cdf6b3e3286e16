-- A client's transfer: to another clinician of the practice (the client, their check-ins and future
-- tasks move), or out of the practice (the check-ins end). The reason is clinical text: encrypted.
create table client_transfer (
    id                   char(36)     not null primary key,
    client_id            char(36)     not null,
    kind                 varchar(30)  not null,
    from_clinician_id    char(36)     not null,
    to_clinician_id      char(36),
    reason_enc           text         not null,
    transferred_by       varchar(100) not null,
    transferred_at       datetime(6)  not null,
    constraint fk_client_transfer_client foreign key (client_id) references client (id)
);
create index ix_client_transfer_client on client_transfer (client_id, transferred_at);
