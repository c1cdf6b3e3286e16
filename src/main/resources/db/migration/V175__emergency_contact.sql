-- A client's emergency contact, recorded at intake (optional) or later by the clinician: who they
-- are and how to reach them (encrypted, never in the engine), and whether the client consents to the
-- practice contacting them after missed high-risk check-ins. One row per client; a change overwrites
-- it and is audited.
create table emergency_contact (
    client_id              char(36)     not null primary key,
    name_enc               text         not null,
    phone_enc              text,
    email_enc              text,
    relationship_enc       text,
    consent_to_contact     boolean      not null default false,
    consent_recorded_at    datetime(6),
    recorded_by            varchar(100) not null,
    recorded_at            datetime(6)  not null,
    constraint fk_emergency_contact_client foreign key (client_id) references client (id)
);

-- A notification can go to someone other than the client: null = the client; EMERGENCY_CONTACT =
-- the client's emergency contact (the delivery adapter reads the address from emergency_contact).
alter table outbox add column recipient varchar(30);
