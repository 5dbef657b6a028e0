-- 0014 — the AI System Test Plan, executable: an item may carry a customer question and what the
-- organisation's answer engine should do with it, and a run records its result like a person would.
--
--   question              what a customer types; NULL for a manual check
--   expectation           article (answer from expected_article_id), decline (the AI says it is
--                         not sure) or handoff (the message is a request for a person)
--   expected_article_id   the article for 'article'; set to NULL when the article is deleted, and
--                         a run then fails asking for another article
--   test_results.tester_name  who ran it when that is no agent: 'switchboard eval' or an API key's name

ALTER TABLE switchboard.test_plan_items
    ADD COLUMN question text CHECK (char_length(question) BETWEEN 1 AND 1000),
    ADD COLUMN expectation text CHECK (expectation IN ('article', 'decline', 'handoff')),
    ADD COLUMN expected_article_id uuid,
    ADD CONSTRAINT test_plan_items_question_has_expectation CHECK ((question IS NULL) = (expectation IS NULL)),
    ADD CONSTRAINT test_plan_items_article_only_for_article CHECK (expected_article_id IS NULL OR expectation = 'article'),
    ADD CONSTRAINT test_plan_items_expected_article
        FOREIGN KEY (org_id, expected_article_id) REFERENCES switchboard.kb_articles (org_id, article_id)
        ON DELETE SET NULL (expected_article_id);
COMMENT ON COLUMN switchboard.test_plan_items.question IS 'A customer question the run sends through the organisation''s answer engine; NULL for a manual check.';
COMMENT ON COLUMN switchboard.test_plan_items.expectation IS 'What the engine should do with question: article (answer from expected_article_id), decline (not sure) or handoff (a request for a person).';
COMMENT ON COLUMN switchboard.test_plan_items.expected_article_id IS 'The article an ''article'' expectation names; NULL once that article is deleted.';

CREATE INDEX test_plan_items_expected_article ON switchboard.test_plan_items (org_id, expected_article_id)
    WHERE expected_article_id IS NOT NULL;

ALTER TABLE switchboard.test_results
    ADD COLUMN tester_name text CHECK (char_length(tester_name) BETWEEN 1 AND 200);
COMMENT ON COLUMN switchboard.test_results.tester_name IS 'Who ran the check when no agent did: ''switchboard eval'' or the API key''s name.';
