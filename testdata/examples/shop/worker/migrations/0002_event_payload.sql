-- Migration number: 0002 	 2026-03-09T10:30:00.000Z
ALTER TABLE events ADD COLUMN payload TEXT;
