-- What this application deployed to the Camunda cluster from its own bpmn/ and forms/ (BundledDeployment):
-- one row per definition (process, decision requirements graph, form), with the checksum of the file it
-- came from and the version the cluster gave it. A restart with an unchanged file deploys nothing, so a
-- version a supervisor deployed from Modeler stays the latest.
create table bundled_deployment (
    definition_kind  varchar(20)  not null,
    definition_id    varchar(255) not null,
    resource_name    varchar(255) not null,
    checksum         char(64)     not null,
    version          int          not null,
    deployed_at      datetime(6)  not null,
    primary key (definition_kind, definition_id)
);
create index ix_bundled_deployment_resource on bundled_deployment (resource_name);
