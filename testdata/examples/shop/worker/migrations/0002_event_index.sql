-- Migration number: 0002 	 2026-03-09T09:00:00.000Z
CREATE INDEX events_kind ON events (kind);
