-- The built-in engine's score is now a calibrated probability that the best article answers
-- (`AnswerConfidence`: coverage, the article's lead over the others and its title, fitted on the
-- evaluation groups), no longer coverage alone; 0.5 is where it declines about nine in ten
-- questions no article covers while answering most that one does (BENCHMARKS.md, "Answer
-- quality"). Organisations still on the old default move with it; a threshold someone chose
-- stays. The owner is itself subject to forced row-level security, so it lifts it for this one
-- statement.
ALTER TABLE switchboard.organisation_settings ALTER COLUMN answer_threshold SET DEFAULT 0.5;
ALTER TABLE switchboard.organisation_settings NO FORCE ROW LEVEL SECURITY;
UPDATE switchboard.organisation_settings SET answer_threshold = 0.5 WHERE answer_threshold = 0.35;
ALTER TABLE switchboard.organisation_settings FORCE ROW LEVEL SECURITY;
