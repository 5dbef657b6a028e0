-- 0005 — answer_threshold becomes a 0–1 score.
--
-- The built-in engine normalises its full-text score to 0..1 (raw / (raw + 0.1)); on the demo
-- knowledge bases real questions score >= 0.39 and unrelated ones <= 0.23, so 0.3 separates them.

ALTER TABLE switchboard.organisation_settings ALTER COLUMN answer_threshold SET DEFAULT 0.3;
-- A data change across tenants: the owner lifts FORCE for this transaction only (it is
-- restored below, before commit, so no other session ever sees the table unforced).
ALTER TABLE switchboard.organisation_settings NO FORCE ROW LEVEL SECURITY;
UPDATE switchboard.organisation_settings SET answer_threshold = 0.3 WHERE answer_threshold = 0.1;
ALTER TABLE switchboard.organisation_settings FORCE ROW LEVEL SECURITY;
ALTER TABLE switchboard.organisation_settings
    ADD CONSTRAINT answer_threshold_is_a_score CHECK (answer_threshold BETWEEN 0 AND 1);
COMMENT ON COLUMN switchboard.organisation_settings.answer_threshold IS
    'Lowest score (0 to 1) at which the built-in engine answers from an article; below it the AI says it is not sure and offers a person.';
