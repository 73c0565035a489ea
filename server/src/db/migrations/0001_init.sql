-- Beacon server schema, version 1. UUIDs are TEXT, instants are INTEGER milliseconds (UTC).
-- Everything about a person hangs off `users` with ON DELETE CASCADE, so deleting the row
-- deletes the person.

CREATE TABLE programs (
    id               TEXT PRIMARY KEY NOT NULL,
    organisation     TEXT NOT NULL,
    name             TEXT NOT NULL,
    locales          TEXT NOT NULL, -- JSON array of locale tags; the first is the default
    crisis_resources TEXT NOT NULL, -- JSON array of LocaleCrisisResources
    created_at_ms    INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
    id                     TEXT PRIMARY KEY NOT NULL,
    program_id             TEXT NOT NULL REFERENCES programs (id),
    email                  TEXT NOT NULL UNIQUE, -- normalised
    password_hash          TEXT NOT NULL,        -- argon2id PHC string
    display_name           TEXT NOT NULL,
    locale                 TEXT NOT NULL,
    discreet_notifications INTEGER NOT NULL DEFAULT 1,
    read_receipts          INTEGER NOT NULL DEFAULT 1,
    created_at_ms          INTEGER NOT NULL
) STRICT;
CREATE INDEX users_program ON users (program_id);

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
) STRICT, WITHOUT ROWID;

CREATE TABLE devices (
    id              TEXT PRIMARY KEY NOT NULL,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    token_hash      BLOB NOT NULL UNIQUE, -- SHA-256 of the bearer token
    created_at_ms   INTEGER NOT NULL,
    last_seen_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX devices_user ON devices (user_id);

-- The change feed. `position` is one global sequence; a person's feed is their rows in order.
CREATE TABLE changes (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mutation_id TEXT,
    at_ms       INTEGER NOT NULL,
    body        TEXT NOT NULL -- JSON ChangeBody
) STRICT;
CREATE INDEX changes_user_position ON changes (user_id, position);

-- Idempotency: a mutation id is applied at most once per person.
CREATE TABLE applied_mutations (
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mutation_id TEXT NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (user_id, mutation_id)
) STRICT, WITHOUT ROWID;

-- Failed log-ins per normalised email (stored as its SHA-256 hex, so unknown addresses typed
-- at the log-in screen are not kept in the clear).
CREATE TABLE login_failures (
    email_key TEXT NOT NULL,
    at_ms     INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_email ON login_failures (email_key, at_ms);
