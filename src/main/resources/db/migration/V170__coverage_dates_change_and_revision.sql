-- A change of the last day away is a request until its checks pass (the coverage-approval decision
-- on the new length, the covering clinician free and licensed on the new days); until then the
-- stored dates hold. The request, and a different covering clinician named when the first one is
-- not free then, live here. revision_reason: the plan came back to the clinician (declined, not
-- approved, conflict) and waits for their revision; a rebuilt instance resumes at that task.
alter table coverage add column revision_reason varchar(40);
alter table coverage add column change_ends_on date;
alter table coverage add column change_covering_clinician_id char(36);
alter table coverage add column change_requested_by varchar(100);
alter table coverage add column change_requested_at datetime(6);
alter table coverage add column change_accepted_at datetime(6);
alter table coverage add column change_conflict varchar(40);
alter table coverage add constraint fk_coverage_change_covering
    foreign key (change_covering_clinician_id) references clinician (id);
