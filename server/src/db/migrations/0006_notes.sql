-- Notes (issue 5): an author's session and free notes. The texts are yrs CRDT states (the merge of
-- every update the author's devices pushed), so a new device restores them; only the author ever
-- reads `body_state`. `summary_state` reaches the other member of `relationship_id` only while
-- `summary_shared`. A deleted note keeps its row as a tombstone without texts, so a late edit
-- from an offline device cannot bring it back. Notes go with the author's account (cascade).
CREATE TABLE notes (
    id              TEXT PRIMARY KEY NOT NULL, -- chosen by the author's device
    author_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,             -- JSON domain::notes::NoteKind
    relationship_id TEXT,                      -- kept if the relationship goes
    body_state      BLOB,
    summary_state   BLOB,
    summary_shared  INTEGER NOT NULL DEFAULT 0,
    created_at_ms   INTEGER NOT NULL,
    updated_at_ms   INTEGER NOT NULL,
    deleted         INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX notes_author ON notes (author_id, updated_at_ms);
