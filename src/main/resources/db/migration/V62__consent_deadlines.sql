-- Issue 12: the database is the truth, the engine is rebuilt from it. The intake-consent reminders
-- and the coordinator's follow-up are computed once, when the policy is first sent (policy_sent_at +
-- bsc.consent.*), and stored here; the timers of intake-consent read them (timeDate), so an instance
-- rebuilt after a crash, a restart or a cancel in Operate reminds and escalates at the original
-- times. followed_up_at: when the coordinator's follow-up was recorded (a rebuilt instance does not
-- open that task again). UTC.
alter table consent_request
    add column policy_sent_at datetime(6) null,
    add column reminder_at datetime(6) null,
    add column second_reminder_at datetime(6) null,
    add column escalate_at datetime(6) null,
    add column followed_up_at datetime(6) null,
    add column followed_up_by varchar(100) null;
