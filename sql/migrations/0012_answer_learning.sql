-- 0012 — the built-in engine learns: example questions per article, the organisation's own
-- vocabulary, and the words its knowledge base uses (to read past customers' misspellings).
--
-- Ranking (PostgresKnowledgeSearch) reads all three in the same round trip as the articles:
--   kb_examples    approved questions that an article answers, from agents' corrections, the
--                  console, or tickets imported through the REST API;
--   kb_vocabulary  "PTO" means "paid time off", "money back" means "refund": the customer's words
--                  are read as the articles' words too;
--   kb_lexicon     every word (4+ letters) of the organisation's articles and examples, with a
--                  trigram index: a customer's word the knowledge base never uses is also read as
--                  the closest word it does use ("pasword" → "password").

-- Trusted since PostgreSQL 13: the database owner may create it; its functions live beside ours.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA switchboard;

CREATE TABLE switchboard.kb_examples (
    org_id               uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    example_id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    article_id           uuid        NOT NULL,
    question             text        NOT NULL CHECK (char_length(question) BETWEEN 1 AND 1000),
    status               text        NOT NULL DEFAULT 'approved' CHECK (status IN ('proposed', 'approved')),
    source               text        NOT NULL CHECK (source IN ('correction', 'console', 'import')),
    conversation_id      uuid,
    created_by_agent_id  uuid,
    created_at           timestamptz NOT NULL DEFAULT now(),
    approved_at          timestamptz,
    approved_by_agent_id uuid,
    search               tsvector    NOT NULL GENERATED ALWAYS AS (to_tsvector('english', question)) STORED,
    PRIMARY KEY (org_id, example_id),
    FOREIGN KEY (org_id, article_id) REFERENCES switchboard.kb_articles (org_id, article_id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, conversation_id) REFERENCES switchboard.conversations (org_id, conversation_id) ON DELETE SET NULL (conversation_id),
    FOREIGN KEY (org_id, created_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id),
    FOREIGN KEY (org_id, approved_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id),
    CONSTRAINT approved_has_approved_at CHECK (status <> 'approved' OR approved_at IS NOT NULL)
);
COMMENT ON TABLE switchboard.kb_examples IS 'Questions customers asked that an article answers; approved ones rank that article for similar questions.';
COMMENT ON COLUMN switchboard.kb_examples.status IS 'proposed (from an agent''s correction, until the correction is reviewed) or approved (used for ranking).';
COMMENT ON COLUMN switchboard.kb_examples.source IS 'correction (an agent picked the article that should have answered), console (added by a supervisor), import (REST API, e.g. old tickets).';
COMMENT ON COLUMN switchboard.kb_examples.conversation_id IS 'The conversation a correction came from; one proposal per conversation.';

CREATE INDEX kb_examples_search ON switchboard.kb_examples USING gin (search) WHERE status = 'approved';

-- An article is ranked on its own text and on how customers asked for it: the approved examples'
-- words join the article's vector (weight B, as the section's), kept by the trigger below.
ALTER TABLE switchboard.kb_articles ADD COLUMN examples_search tsvector NOT NULL DEFAULT ''::tsvector;
ALTER TABLE switchboard.kb_articles ADD COLUMN ranked tsvector NOT NULL GENERATED ALWAYS AS (
    setweight(to_tsvector('english', COALESCE(title, '')), 'A') ||
    setweight(to_tsvector('english', COALESCE(section, '')), 'B') ||
    setweight(to_tsvector('english', COALESCE(body, '')), 'C') ||
    examples_search) STORED;
COMMENT ON COLUMN switchboard.kb_articles.examples_search IS 'The approved example questions'' words (weight B); kept by the kb_examples trigger.';
COMMENT ON COLUMN switchboard.kb_articles.ranked IS 'What the built-in engine ranks: the article''s own text (as in search) and its approved examples (examples_search).';
CREATE INDEX kb_articles_ranked ON switchboard.kb_articles USING gin (ranked);
CREATE INDEX kb_examples_article ON switchboard.kb_examples (org_id, article_id, created_at);
CREATE UNIQUE INDEX kb_examples_per_conversation ON switchboard.kb_examples (org_id, conversation_id) WHERE conversation_id IS NOT NULL;

CREATE TABLE switchboard.kb_vocabulary (
    org_id              uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    term_id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    term                text        NOT NULL CHECK (char_length(term) BETWEEN 1 AND 100),
    meaning             text        NOT NULL CHECK (char_length(meaning) BETWEEN 1 AND 200),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    updated_by_agent_id uuid,
    PRIMARY KEY (org_id, term_id),
    FOREIGN KEY (org_id, updated_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id)
);
COMMENT ON TABLE switchboard.kb_vocabulary IS 'The organisation''s own words: an abbreviation or synonym customers use (term) and what it means in the articles'' words (meaning).';
CREATE UNIQUE INDEX kb_vocabulary_term ON switchboard.kb_vocabulary (org_id, lower(term));

CREATE TABLE switchboard.kb_lexicon (
    org_id uuid NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    word   text NOT NULL CHECK (char_length(word) BETWEEN 4 AND 30),
    PRIMARY KEY (org_id, word)
);
COMMENT ON TABLE switchboard.kb_lexicon IS 'Words (4 to 30 letters, lower case) of the organisation''s articles and examples, kept by triggers; misspelt customer words are matched to them by trigram similarity.';
CREATE INDEX kb_lexicon_similar ON switchboard.kb_lexicon USING gin (word switchboard.gin_trgm_ops);

-- The words of a text as the lexicon keeps them.
CREATE FUNCTION switchboard.lexicon_words(text) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT DISTINCT w FROM regexp_split_to_table(lower($1), '[^[:alpha:]]+') AS w WHERE char_length(w) BETWEEN 4 AND 30 $$;

CREATE FUNCTION switchboard.track_article_words() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO switchboard.kb_lexicon (org_id, word)
    SELECT NEW.org_id, w FROM switchboard.lexicon_words(concat_ws(' ', NEW.title, NEW.section, NEW.body)) AS w
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE FUNCTION switchboard.track_example_words() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO switchboard.kb_lexicon (org_id, word)
    SELECT NEW.org_id, w FROM switchboard.lexicon_words(NEW.question) AS w
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE FUNCTION switchboard.refresh_article_examples() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE switchboard.kb_articles a
    SET examples_search = coalesce((
            SELECT setweight(to_tsvector('english', string_agg(e.question, E'\n' ORDER BY e.example_id)), 'B')
            FROM switchboard.kb_examples e
            WHERE e.org_id = a.org_id AND e.article_id = a.article_id AND e.status = 'approved'), ''::tsvector)
    WHERE (a.org_id, a.article_id) IN (SELECT org_id, article_id FROM changed_examples);
    RETURN NULL;
END $$;

-- Statement-level, with transition tables: one refresh per article however many examples a
-- statement (an import) writes. Every trigger names its transition table changed_examples, so
-- one function serves all four; an update refreshes both the old and the new article.
CREATE TRIGGER kb_examples_rank_insert AFTER INSERT ON switchboard.kb_examples
    REFERENCING NEW TABLE AS changed_examples FOR EACH STATEMENT EXECUTE FUNCTION switchboard.refresh_article_examples();
CREATE TRIGGER kb_examples_rank_update AFTER UPDATE ON switchboard.kb_examples
    REFERENCING NEW TABLE AS changed_examples FOR EACH STATEMENT EXECUTE FUNCTION switchboard.refresh_article_examples();
CREATE TRIGGER kb_examples_rank_update_old AFTER UPDATE ON switchboard.kb_examples
    REFERENCING OLD TABLE AS changed_examples FOR EACH STATEMENT EXECUTE FUNCTION switchboard.refresh_article_examples();
CREATE TRIGGER kb_examples_rank_delete AFTER DELETE ON switchboard.kb_examples
    REFERENCING OLD TABLE AS changed_examples FOR EACH STATEMENT EXECUTE FUNCTION switchboard.refresh_article_examples();

-- Words of deleted or rewritten articles stay: a stale word only lets a misspelling match a word
-- no article uses any more, which finds nothing.
CREATE TRIGGER kb_articles_words AFTER INSERT OR UPDATE OF title, section, body ON switchboard.kb_articles
    FOR EACH ROW EXECUTE FUNCTION switchboard.track_article_words();
CREATE TRIGGER kb_examples_words AFTER INSERT OR UPDATE OF question ON switchboard.kb_examples
    FOR EACH ROW EXECUTE FUNCTION switchboard.track_example_words();

-- Existing articles' words, before row-level security applies to the owner below.
INSERT INTO switchboard.kb_lexicon (org_id, word)
SELECT a.org_id, w FROM switchboard.kb_articles a, switchboard.lexicon_words(concat_ws(' ', a.title, a.section, a.body)) AS w
ON CONFLICT DO NOTHING;

CREATE POLICY app_current_org ON switchboard.kb_examples TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.kb_examples ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.kb_examples FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.kb_vocabulary TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.kb_vocabulary ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.kb_vocabulary FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.kb_lexicon TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.kb_lexicon ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.kb_lexicon FORCE ROW LEVEL SECURITY;

GRANT SELECT, INSERT, UPDATE, DELETE ON switchboard.kb_examples, switchboard.kb_vocabulary, switchboard.kb_lexicon TO switchboard_app;
