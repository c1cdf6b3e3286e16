-- A check-in can be a scheduled call the clinician makes (decision checkin-by): who holds the call
-- task, and what came of it.
alter table safety_checkin add column by_call boolean not null default false;
alter table safety_checkin add column call_assignee varchar(100);
alter table safety_checkin add column call_outcome varchar(30);
alter table safety_checkin add column call_recorded_by varchar(100);
