-- Issue 12: the database is the truth, the engine is rebuilt from it. When an unacknowledged crisis
-- alert escalates to the next level is computed once, when the alert is made, and stored here; the
-- escalation timers of message-triage read it (timeDate), so an instance rebuilt after a crash or
-- restart escalates at the original time, not a full acknowledgement window later. UTC.
alter table staff_alert add column escalate_at datetime(6) null;
