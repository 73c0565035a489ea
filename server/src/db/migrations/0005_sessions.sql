-- Sessions (issue 5): one row per session series of a relationship. The series itself is stored
-- as the domain's JSON `SessionSeries` (rules, exceptions and outcomes are one value that only
-- `domain::sessions::apply` changes and that both members receive whole); the columns beside it
-- are what the server looks things up by or counts for coordinators. See db::store::sessions.
-- A series goes with its relationship (cascade); account deletion first gives the other member a
-- final cancelled copy (see db::store::sessions::forget).
CREATE TABLE session_series (
    id              TEXT PRIMARY KEY NOT NULL, -- chosen by the organiser's device
    relationship_id TEXT NOT NULL REFERENCES relationships (id) ON DELETE CASCADE,
    state           TEXT NOT NULL,    -- SeriesState
    held            INTEGER NOT NULL, -- occurrences marked held (for coordinators)
    missed          INTEGER NOT NULL, -- occurrences marked missed (for coordinators)
    updated_at_ms   INTEGER NOT NULL,
    body            TEXT NOT NULL     -- JSON SessionSeries
) STRICT;
CREATE INDEX session_series_relationship ON session_series (relationship_id);
