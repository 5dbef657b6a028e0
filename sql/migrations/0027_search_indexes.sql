-- 0027 — the console search reads the newest conversations of the list first and stops when they
-- hold enough matches (PostgresConversationRepository+Search.swift): a walk over all modes at
-- once, newest change first, which conversations_by_mode (org_id, mode, updated_at) gives only
-- per mode. The conversation row is rewritten on every message (no HOT update since 0011), so
-- this index gains an entry per message, like the table's other indexes.
--
-- No trigram or full-text index helps the search's other half (every match of a rare word,
-- name or email): under the forced row-level security of 0002, LIKE, @@ and regexp_replace are
-- not leakproof, so PostgreSQL never uses them as index conditions for switchboard_app.

CREATE INDEX conversations_by_update ON switchboard.conversations (org_id, updated_at DESC);
COMMENT ON INDEX switchboard.conversations_by_update IS 'Newest-first walk over all modes: the console search''s first window.';
