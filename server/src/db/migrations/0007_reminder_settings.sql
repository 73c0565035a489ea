-- Reminder settings (issue 5), synced across a person's devices with the other settings.
-- Quiet hours are local minutes after midnight ([start, end), may cross midnight); both NULL
-- means none. The reminder schedule itself is computed on the device and never stored here.
ALTER TABLE users ADD COLUMN quiet_start_minute INTEGER
    CHECK (quiet_start_minute BETWEEN 0 AND 1439);
ALTER TABLE users ADD COLUMN quiet_end_minute INTEGER
    CHECK (quiet_end_minute BETWEEN 0 AND 1439
           AND (quiet_end_minute IS NULL) = (quiet_start_minute IS NULL));
ALTER TABLE users ADD COLUMN checkin_prompt INTEGER NOT NULL DEFAULT 0
    CHECK (checkin_prompt IN (0, 1));
ALTER TABLE users ADD COLUMN checkin_prompt_minute INTEGER NOT NULL DEFAULT 1140
    CHECK (checkin_prompt_minute BETWEEN 0 AND 1439);
