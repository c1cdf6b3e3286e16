-- The staff list (config/staff.csv) is the one source of who works here (StaffDirectory): someone taken
-- off it keeps their row (messages, clients and the audit trail name them) but is no longer active, and
-- an inactive person cannot sign in, whichever way they authenticate.
alter table staff_member add column active boolean not null default true;
