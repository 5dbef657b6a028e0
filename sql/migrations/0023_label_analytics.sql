-- 0023 — labels for analysts and the Analytics page: reporting.labels lists every label on every
-- conversation, and reporting.analytics_labels counts the chats started in a range per label.

CREATE VIEW reporting.labels WITH (security_invoker = true) AS
SELECT l.org_id, l.conversation_id AS session_id, l.label, l.added_at
FROM switchboard.conversation_labels l;

COMMENT ON VIEW reporting.labels IS 'One row per label on a conversation.';
COMMENT ON COLUMN reporting.labels.org_id IS 'Organisation the conversation belongs to.';
COMMENT ON COLUMN reporting.labels.session_id IS 'The conversation''s id; same as chat_log.session_id.';
COMMENT ON COLUMN reporting.labels.label IS 'The label, canonical: lower case, letters, digits, - and _.';
COMMENT ON COLUMN reporting.labels.added_at IS 'When an agent put the label on the chat.';
GRANT SELECT ON reporting.labels TO switchboard_analyst, switchboard_app;

CREATE FUNCTION reporting.analytics_labels(p_org_id uuid, p_from timestamptz, p_to timestamptz, p_limit integer)
RETURNS TABLE (label text, conversations bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT l.label, count(*)
    FROM reporting.labels l
    JOIN reporting.conversation_facts f ON f.org_id = l.org_id AND f.session_id = l.session_id
    WHERE l.org_id = p_org_id AND f.started_at >= p_from AND f.started_at < p_to
    GROUP BY l.label
    ORDER BY count(*) DESC, l.label
    LIMIT p_limit
$$;

COMMENT ON FUNCTION reporting.analytics_labels(uuid, timestamptz, timestamptz, integer) IS
    'Chats started in [from, to) per label, most first.';
GRANT EXECUTE ON FUNCTION reporting.analytics_labels(uuid, timestamptz, timestamptz, integer) TO switchboard_analyst, switchboard_app;
