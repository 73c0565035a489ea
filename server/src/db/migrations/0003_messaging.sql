-- Messaging (issue 4): messages, receipts, concerns, reports and push registrations.
-- A conversation is a relationship (same id): its messages and receipts go with it. Account
-- deletion first clears the person's messages from the other member's feed and forgets their
-- ids in concerns and reports about them (see db::store::messaging::deletion).

-- Messages, numbered 1, 2, 3 … per conversation in the order the server accepted them.
CREATE TABLE messages (
    relationship_id TEXT NOT NULL REFERENCES relationships (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    message_id      TEXT NOT NULL, -- chosen by the sender's device
    sender_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    text            TEXT NOT NULL,
    sent_at_ms      INTEGER NOT NULL,
    PRIMARY KEY (relationship_id, seq),
    UNIQUE (relationship_id, message_id)
) STRICT, WITHOUT ROWID;

-- How far each member has received and read a conversation, and how far their reading was last
-- shared with the other member (read receipts can be switched off).
CREATE TABLE receipts (
    relationship_id   TEXT NOT NULL REFERENCES relationships (id) ON DELETE CASCADE,
    user_id           TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    delivered_up_to   INTEGER NOT NULL,
    read_up_to        INTEGER NOT NULL,
    shared_read_up_to INTEGER NOT NULL,
    PRIMARY KEY (relationship_id, user_id)
) STRICT, WITHOUT ROWID;

-- A mentor's concern about a relationship, for the program's coordinators (never any message).
-- Kept when the relationship or the mentee goes (safeguarding record); the mentee's id is then
-- replaced by the nil id.
CREATE TABLE concerns (
    id              TEXT PRIMARY KEY NOT NULL, -- chosen by the mentor's device
    program_id      TEXT NOT NULL REFERENCES programs (id),
    relationship_id TEXT NOT NULL,
    mentor_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mentee_id       TEXT NOT NULL,
    text            TEXT NOT NULL,
    raised_at_ms    INTEGER NOT NULL
) STRICT;
CREATE INDEX concerns_program ON concerns (program_id, raised_at_ms);
CREATE INDEX concerns_mentor ON concerns (mentor_id);

-- A member's report of the other member (and whether they blocked them).
CREATE TABLE reports (
    id              TEXT PRIMARY KEY NOT NULL, -- chosen by the reporter's device
    program_id      TEXT NOT NULL REFERENCES programs (id),
    relationship_id TEXT NOT NULL,
    reporter_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reported_id     TEXT NOT NULL,
    text            TEXT NOT NULL,
    blocked         INTEGER NOT NULL,
    reported_at_ms  INTEGER NOT NULL
) STRICT;
CREATE INDEX reports_program ON reports (program_id, reported_at_ms);
CREATE INDEX reports_reporter ON reports (reporter_id);

-- One push registration per device; it goes with the device (log-out, revocation, deletion).
CREATE TABLE push_registrations (
    device_id     TEXT PRIMARY KEY NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider      TEXT NOT NULL, -- PushProviderKind
    endpoint      TEXT NOT NULL, -- URL (UnifiedPush) or device token; never logged
    updated_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX push_registrations_user ON push_registrations (user_id);
