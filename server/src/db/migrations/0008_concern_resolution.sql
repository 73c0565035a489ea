-- A coordinator marks a mentor's concern resolved, optionally with a note that only the
-- program's coordinators read (never the mentor's export). NULL resolved_at_ms = still open.
-- resolved_by is kept for the record and forgotten if that coordinator's account goes.
ALTER TABLE concerns ADD COLUMN resolved_at_ms INTEGER;
ALTER TABLE concerns ADD COLUMN resolved_by TEXT REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE concerns ADD COLUMN resolution_note TEXT
    CHECK (resolution_note IS NULL OR resolved_at_ms IS NOT NULL);
