-- Check-ins (issue 5): a mentee's mood (1–5), an optional short note, and whether the mentor of
-- their active relationship may see it. They go with the mentee's account (cascade); shared copies
-- in a mentor's feed are removed by account deletion (see db::store::messaging::deletion).
CREATE TABLE check_ins (
    id                 TEXT PRIMARY KEY NOT NULL, -- chosen by the mentee's device
    mentee_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    relationship_id    TEXT, -- the active relationship when recorded (kept if it goes)
    mood               INTEGER NOT NULL CHECK (mood BETWEEN 1 AND 5),
    note               TEXT,
    shared_with_mentor INTEGER NOT NULL,
    recorded_at_ms     INTEGER NOT NULL
) STRICT;
CREATE INDEX check_ins_mentee ON check_ins (mentee_id, recorded_at_ms);
