-- 0016 — customer satisfaction: when a chat ends the widget asks "How did we do?" (1 to 5, and a
-- comment). One rating per conversation; the customer may change it while the chat is readable.

CREATE TABLE switchboard.satisfaction_ratings (
    org_id          uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    conversation_id uuid        NOT NULL,
    rating          smallint    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment         text        CHECK (char_length(comment) BETWEEN 1 AND 1000),
    rated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, conversation_id),
    FOREIGN KEY (org_id, conversation_id) REFERENCES switchboard.conversations (org_id, conversation_id) ON DELETE CASCADE
);
COMMENT ON TABLE switchboard.satisfaction_ratings IS 'The customer''s rating of a chat that ended: 1 (poor) to 5 (great), with an optional comment. At most one row per conversation.';
COMMENT ON COLUMN switchboard.satisfaction_ratings.rating IS '1 (poor) to 5 (great).';
COMMENT ON COLUMN switchboard.satisfaction_ratings.comment IS 'What the customer added, as typed; NULL when nothing.';
COMMENT ON COLUMN switchboard.satisfaction_ratings.rated_at IS 'When the customer rated (or last changed the rating).';

-- Ratings by time, for the analytics range.
CREATE INDEX satisfaction_ratings_rated_at ON switchboard.satisfaction_ratings (org_id, rated_at);

CREATE POLICY app_current_org ON switchboard.satisfaction_ratings TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
CREATE POLICY analyst_granted_orgs ON switchboard.satisfaction_ratings FOR SELECT TO switchboard_analyst
    USING (org_id IN (SELECT g.org_id FROM switchboard.analyst_grants g WHERE switchboard.current_user_is_member_of(g.role_name)));
ALTER TABLE switchboard.satisfaction_ratings ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.satisfaction_ratings FORCE ROW LEVEL SECURITY;

GRANT SELECT, INSERT, UPDATE, DELETE ON switchboard.satisfaction_ratings TO switchboard_app;
GRANT SELECT ON switchboard.satisfaction_ratings TO switchboard_analyst;

CREATE VIEW reporting.satisfaction WITH (security_invoker = true) AS
SELECT
    r.org_id,
    r.conversation_id AS session_id,
    r.rating          AS satisfaction,
    r.comment         AS satisfaction_comment,
    r.rated_at,
    c.started_at,
    (SELECT owner.display_name FROM switchboard.agents owner
     WHERE owner.org_id = c.org_id AND owner.agent_id = COALESCE(c.owner_agent_id, c.closed_by_agent_id)) AS agent_name,
    c.status
FROM switchboard.satisfaction_ratings r
JOIN switchboard.conversations c ON c.org_id = r.org_id AND c.conversation_id = r.conversation_id;

COMMENT ON VIEW reporting.satisfaction IS 'One row per rated conversation: the customer''s satisfaction (1 to 5) and comment, with who handled the chat.';
COMMENT ON COLUMN reporting.satisfaction.org_id IS 'Organisation the conversation belongs to.';
COMMENT ON COLUMN reporting.satisfaction.session_id IS 'The conversation''s id; same as chat_log.session_id.';
COMMENT ON COLUMN reporting.satisfaction.satisfaction IS 'The customer''s rating: 1 (poor) to 5 (great).';
COMMENT ON COLUMN reporting.satisfaction.satisfaction_comment IS 'What the customer added to the rating; NULL when nothing.';
COMMENT ON COLUMN reporting.satisfaction.rated_at IS 'When the customer rated.';
COMMENT ON COLUMN reporting.satisfaction.started_at IS 'When the chat opened.';
COMMENT ON COLUMN reporting.satisfaction.agent_name IS 'Display name of the agent who owned or closed the chat; NULL when only the AI took part.';
COMMENT ON COLUMN reporting.satisfaction.status IS 'after-hours, agent-handled, or NULL when only the AI took part.';

GRANT SELECT ON reporting.satisfaction TO switchboard_analyst, switchboard_app;
