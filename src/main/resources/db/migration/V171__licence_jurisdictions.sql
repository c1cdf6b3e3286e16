-- Where the practice records it: the jurisdictions (US states, or other licensing jurisdictions) a
-- clinician is licensed in, and the jurisdiction a client lives in. Both optional: no record, no
-- check. The coverage check refuses a covering clinician with recorded licences that do not include
-- an active client's recorded jurisdiction.
create table clinician_licence (
    clinician_id              char(36)     not null,
    jurisdiction              varchar(10)  not null,
    recorded_by               varchar(100) not null,
    recorded_at               datetime(6)  not null,
    primary key (clinician_id, jurisdiction),
    constraint fk_clinician_licence_clinician foreign key (clinician_id) references clinician (id)
);

create table client_jurisdiction (
    client_id                 char(36)     not null primary key,
    jurisdiction              varchar(10)  not null,
    recorded_by               varchar(100) not null,
    recorded_at               datetime(6)  not null,
    constraint fk_client_jurisdiction_client foreign key (client_id) references client (id)
);
