-- Acknowledging a crisis ("I'm on it") is one quick action that stops the escalation; documenting
-- the contact is a task of its own with a same-day deadline. Both are recorded on the
-- acknowledgement row: the documentation columns stay empty until the contact is documented.
alter table crisis_acknowledgement
    modify contact_made     varchar(30) null,
    modify safety_assessed  boolean     null,
    modify next_step        varchar(40) null,
    add column documentation_due_at       datetime(6)  null,
    add column documentation_reminder_at  datetime(6)  null,
    add column documented_by              varchar(100) null,
    add column documented_at              datetime(6)  null;

-- Rows written before: acknowledged and documented in one step.
update crisis_acknowledgement
   set documented_by = acknowledged_by, documented_at = acknowledged_at,
       documentation_due_at = acknowledged_at
 where contact_made is not null;
