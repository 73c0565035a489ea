-- Mentoring (issue 3): program settings, mentor applications, mentee requests, relationships.
-- Documents are stored as JSON (the domain types); the columns beside them exist for lookups.
-- Everything about a person cascades from `users`; account deletion first closes the person's
-- relationships for the other member (see routes::me), then deletes the rows.

CREATE TABLE program_settings (
    program_id TEXT PRIMARY KEY NOT NULL REFERENCES programs (id),
    settings   TEXT NOT NULL -- JSON ProgramSettings (validated)
) STRICT;

-- One application per person.
CREATE TABLE mentor_applications (
    user_id    TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    program_id TEXT NOT NULL REFERENCES programs (id),
    status     TEXT NOT NULL, -- ApplicationStatus
    state      TEXT NOT NULL  -- JSON MentorApplicationState (with references)
) STRICT;
CREATE INDEX mentor_applications_program ON mentor_applications (program_id, status);

-- One current request per person.
CREATE TABLE mentee_requests (
    user_id    TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    program_id TEXT NOT NULL REFERENCES programs (id),
    state      TEXT NOT NULL -- JSON MenteeRequestState
) STRICT;
CREATE INDEX mentee_requests_program ON mentee_requests (program_id);

CREATE TABLE relationships (
    id                 TEXT PRIMARY KEY NOT NULL,
    program_id         TEXT NOT NULL REFERENCES programs (id),
    mentee_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mentor_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state              TEXT NOT NULL,    -- RelationshipState
    respond_by_ms      INTEGER NOT NULL,
    last_contact_at_ms INTEGER NOT NULL, -- last action by a member (metadata only)
    body               TEXT NOT NULL     -- JSON Relationship, unredacted
) STRICT;
CREATE INDEX relationships_mentee ON relationships (mentee_id);
CREATE INDEX relationships_mentor ON relationships (mentor_id);
CREATE INDEX relationships_program ON relationships (program_id, state);
CREATE INDEX relationships_due ON relationships (state, respond_by_ms);
