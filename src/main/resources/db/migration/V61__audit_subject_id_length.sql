-- A communication-pattern flag is audited with subject "<client id>/<message id>" (73 characters):
-- it did not fit varchar(64), the worker failed, and the message's triage ended in an incident (seen
-- once a test client had written often enough to be flagged). Widening keeps the append-only triggers.
alter table audit_event modify subject_id varchar(100) not null;
