-- 0015 — the built-in engine ranks in memory (SwitchboardAI KnowledgeIndex); the database keeps
-- one revision number per organisation that says when its snapshot is stale.
--
-- Any write to an organisation's articles, examples or vocabulary bumps its revision; each search
-- reads the revision (one indexed row) and rebuilds the organisation's index when it moved. The
-- ranking columns, lexicon and triggers of 0012 that the SQL ranking needed go away.

CREATE TABLE switchboard.kb_revisions (
    org_id     uuid        NOT NULL PRIMARY KEY REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    revision   bigint      NOT NULL DEFAULT 1,
    changed_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE switchboard.kb_revisions IS 'Bumped by triggers on every change to an organisation''s articles, examples or vocabulary; the in-memory search index of each server rebuilds when it moves.';

CREATE FUNCTION switchboard.bump_kb_revision() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    -- An organisation being deleted (its articles go by cascade) needs no revision any more.
    INSERT INTO switchboard.kb_revisions AS r (org_id)
    SELECT DISTINCT c.org_id FROM changed_rows c
    WHERE EXISTS (SELECT 1 FROM switchboard.organisations o WHERE o.org_id = c.org_id)
    ON CONFLICT (org_id) DO UPDATE SET revision = r.revision + 1, changed_at = now();
    RETURN NULL;
END $$;

-- Statement-level with transition tables: an import of 50,000 examples bumps once. A trigger
-- with a transition table serves one event, so each table gets three.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['kb_articles', 'kb_examples', 'kb_vocabulary'] LOOP
        EXECUTE format('CREATE TRIGGER %1$s_revision_insert AFTER INSERT ON switchboard.%1$I
            REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION switchboard.bump_kb_revision()', t);
        EXECUTE format('CREATE TRIGGER %1$s_revision_update AFTER UPDATE ON switchboard.%1$I
            REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION switchboard.bump_kb_revision()', t);
        EXECUTE format('CREATE TRIGGER %1$s_revision_delete AFTER DELETE ON switchboard.%1$I
            REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION switchboard.bump_kb_revision()', t);
    END LOOP;
END $$;

DROP TRIGGER kb_examples_rank_insert ON switchboard.kb_examples;
DROP TRIGGER kb_examples_rank_update ON switchboard.kb_examples;
DROP TRIGGER kb_examples_rank_update_old ON switchboard.kb_examples;
DROP TRIGGER kb_examples_rank_delete ON switchboard.kb_examples;
DROP TRIGGER kb_articles_words ON switchboard.kb_articles;
DROP TRIGGER kb_examples_words ON switchboard.kb_examples;
DROP FUNCTION switchboard.refresh_article_examples();
DROP FUNCTION switchboard.track_article_words();
DROP FUNCTION switchboard.track_example_words();
DROP FUNCTION switchboard.lexicon_words(text);
DROP TABLE switchboard.kb_lexicon;
ALTER TABLE switchboard.kb_articles DROP COLUMN ranked;
ALTER TABLE switchboard.kb_articles DROP COLUMN examples_search;
DROP INDEX switchboard.kb_examples_search;
ALTER TABLE switchboard.kb_examples DROP COLUMN search;

CREATE POLICY app_current_org ON switchboard.kb_revisions TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.kb_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.kb_revisions FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON switchboard.kb_revisions TO switchboard_app;

-- The score is now the share of the question's information the best article holds (coverage);
-- 0.35 balances answering and declining on the evaluation sets (BENCHMARKS.md, "Answer quality").
-- Organisations still on the old default move with it; a threshold someone chose stays. The
-- owner is itself subject to forced row-level security, so it lifts it for this one statement.
ALTER TABLE switchboard.organisation_settings ALTER COLUMN answer_threshold SET DEFAULT 0.35;
ALTER TABLE switchboard.organisation_settings NO FORCE ROW LEVEL SECURITY;
UPDATE switchboard.organisation_settings SET answer_threshold = 0.35 WHERE answer_threshold = 0.3;
ALTER TABLE switchboard.organisation_settings FORCE ROW LEVEL SECURITY;
