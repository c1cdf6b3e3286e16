-- Termination, continued: the closing letter can be edited before it is sent (every version kept,
-- encrypted, with who and when), an ending can be cancelled with a documented reason, and a client's
-- date of birth may be recorded (encrypted) for the retention rule for minors.

-- Every version of a closing letter: version 1 is the generated text, each edit adds one. The
-- termination row's letter_enc is always the latest; letter_sent_version is the one that went out.
create table termination_letter_version (
    id              char(36)     not null primary key,
    termination_id  char(36)     not null,
    version         int          not null,
    text_enc        mediumtext   not null,
    written_by      varchar(100) not null,
    written_at      datetime(6)  not null,
    constraint uq_termination_letter_version unique (termination_id, version),
    constraint fk_termination_letter_version foreign key (termination_id) references termination (id)
);

alter table termination add column letter_version int;
alter table termination add column letter_sent_version int;
-- The date between-session contact ends as the letter states it: the closing never comes earlier.
alter table termination add column letter_contact_ends_at datetime(6);
-- A cancelled ending: the reason category, an optional note (encrypted), and when the engine took
-- the cancellation message (null: reconciliation publishes it again).
alter table termination add column cancel_reason varchar(40);
alter table termination add column cancel_note_enc text;
alter table termination add column cancel_published_at datetime(6);

-- Letters generated before versions existed become version 1 (the same ciphertext).
insert into termination_letter_version (id, termination_id, version, text_enc, written_by, written_at)
    select uuid(), id, 1, letter_enc, 'termination', letter_generated_at
    from termination where letter_enc is not null and letter_generated_at is not null;
update termination set letter_version = 1 where letter_enc is not null and letter_generated_at is not null;
update termination set letter_sent_version = 1 where letter_sent_at is not null and letter_version = 1;

-- Date of birth (ISO date, encrypted like the name): optional; without it the adult rule applies.
alter table client add column date_of_birth_enc text;
