-- 0011 — analytics: the console dashboard's definitions, written once.
--
-- Every number on the console's Analytics page comes from the functions below, and analysts can
-- call the same functions (or read the same views), so the console and an analyst's SQL agree.
-- All of it is security invoker: the server sees its transaction's organisation (app.org_id), an
-- analyst sees the organisations granted in switchboard.analyst_grants.
--
-- Definitions (over conversations that STARTED in [from, to)):
--   active           mode is ai, needs or live
--   resolved         mode is closed or archived
--   followup         mode is followup
--   review           mode is review (after-hours requests and AI QA)
--   ai_not_sure      at least one AI answer was "not sure" (ai_unanswered_count > 0)
--   ai_answered      at least one AI answer was "answered"
--   ai_accuracy      ai_answered and not flagged incorrect ÷ ai_answered
--   contact_captured the captured contact has an email or a phone, or an email was typed into the
--                    handoff form
--   escalated        a human was requested or took part: handoff requested, or status is
--                    after-hours or agent-handled; everything else is "AI-only"
--   resolved by AI   resolved and not escalated; resolved by a human: resolved and escalated
-- The previous range of [from, to) is [from - (to - from), from).
--
-- Scale (1,000,000 conversations / 10,000,000 messages per organisation): nothing here reads
-- messages. Three per-conversation facts that only messages knew are kept on write by the
-- statement that appends a message (ai_answered, ai_article_ids, first_question); the rest
-- were already counters on conversations (message_count, ai_unanswered_count, handoff_requested,
-- status, contact_id).

-- Facts kept on write ------------------------------------------------------------------------

ALTER TABLE switchboard.conversations
    ADD COLUMN ai_answered    boolean NOT NULL DEFAULT false,
    ADD COLUMN ai_article_ids uuid[]  NOT NULL DEFAULT '{}',
    ADD COLUMN first_question text;

COMMENT ON COLUMN switchboard.conversations.ai_answered IS 'TRUE once the AI answered (ai_outcome answered) at least once; kept when a message is appended.';
COMMENT ON COLUMN switchboard.conversations.ai_article_ids IS 'Knowledge-base articles any AI answer of this conversation used, distinct and sorted; kept when a message is appended.';
COMMENT ON COLUMN switchboard.conversations.first_question IS 'The first customer message, normalised by reporting.normalise_question, for grouping recurring questions; kept when a message is appended.';

-- One normalisation for "the same question": lower case, punctuation dropped, spaces collapsed,
-- at most 120 characters.
CREATE FUNCTION reporting.normalise_question(body text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(pg_catalog.left(pg_catalog.btrim(pg_catalog.regexp_replace(
                 pg_catalog.regexp_replace(pg_catalog.lower(body), '[^[:alnum:][:space:]]+', '', 'g'),
                 '[[:space:]]+', ' ', 'g')), 120), '') $$;

COMMENT ON FUNCTION reporting.normalise_question(text) IS
    'A customer message as a question key: lower case, punctuation removed, whitespace collapsed, first 120 characters; NULL when nothing is left.';

-- Recomputes the three facts from the stored messages of the given conversations. The message
-- path keeps them incrementally in the same statement that appends a message (see
-- PostgresConversationRepository.insert); bulk writers (the demo seeders) and this migration's
-- backfill call this once per batch instead, so there is no trigger on the hot path.
CREATE FUNCTION switchboard.refresh_conversation_facts(p_org_id uuid, p_conversation_ids uuid[]) RETURNS void
    LANGUAGE sql
    AS $$
    UPDATE switchboard.conversations c
    SET ai_answered = n.answered, ai_article_ids = n.articles, first_question = n.first_question
    FROM (
        SELECT m.conversation_id,
               COALESCE(bool_or(m.ai_outcome = 'answered'), false) AS answered,
               COALESCE(array_agg(DISTINCT a.id ORDER BY a.id) FILTER (WHERE a.id IS NOT NULL), '{}') AS articles,
               (array_agg(reporting.normalise_question(m.body) ORDER BY m.seq)
                    FILTER (WHERE m.author_kind = 'customer' AND reporting.normalise_question(m.body) IS NOT NULL))[1] AS first_question
        FROM switchboard.messages m
        LEFT JOIN LATERAL pg_catalog.unnest(m.ai_article_ids) a(id) ON true
        WHERE m.org_id = p_org_id AND m.conversation_id = ANY (p_conversation_ids)
        GROUP BY m.conversation_id
    ) n
    WHERE c.org_id = p_org_id AND c.conversation_id = n.conversation_id
$$;

COMMENT ON FUNCTION switchboard.refresh_conversation_facts(uuid, uuid[]) IS
    'Sets conversations.ai_answered, ai_article_ids and first_question from the stored messages of the given conversations (bulk loads and backfill).';
REVOKE ALL ON FUNCTION switchboard.refresh_conversation_facts(uuid, uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard.refresh_conversation_facts(uuid, uuid[]) TO switchboard_app;

-- Backfill across tenants: the owner lifts FORCE for this transaction only (restored before commit).
ALTER TABLE switchboard.conversations NO FORCE ROW LEVEL SECURITY;
ALTER TABLE switchboard.messages NO FORCE ROW LEVEL SECURITY;
SELECT switchboard.refresh_conversation_facts(t.org_id, ARRAY(
           SELECT c.conversation_id FROM switchboard.conversations c WHERE c.org_id = t.org_id))
FROM (SELECT DISTINCT org_id FROM switchboard.conversations) t;
ALTER TABLE switchboard.messages FORCE ROW LEVEL SECURITY;
ALTER TABLE switchboard.conversations FORCE ROW LEVEL SECURITY;

-- Indexes ------------------------------------------------------------------------------------

-- The dashboard reads every conversation started in the range (and in the previous range): this
-- index finds them by (org_id, started_at) and carries the columns the counts need, so the
-- counts can come from the index alone once the table is vacuumed.
CREATE INDEX conversations_analytics ON switchboard.conversations (org_id, started_at)
    INCLUDE (mode, status, handoff_requested, message_count, ai_unanswered_count, ai_answered, contact_id, email_provided);
-- Take-overs and transfers in a range, by when they happened (the existing index is by conversation).
CREATE INDEX ownership_events_by_time ON switchboard.ownership_events (org_id, at);
-- "Needs correction" and the open follow-up workload are small sets read whatever the range.
CREATE INDEX qa_reviews_needing_correction ON switchboard.qa_reviews (org_id, flagged_at)
    WHERE flagged_incorrect AND NOT correction_reviewed;
CREATE INDEX followups_open ON switchboard.followups (org_id) WHERE needed AND NOT done;

-- Analysts read article titles for "top articles".
CREATE POLICY analyst_granted_orgs ON switchboard.kb_articles FOR SELECT TO switchboard_analyst
    USING (org_id IN (SELECT g.org_id FROM switchboard.analyst_grants g WHERE switchboard.current_user_is_member_of(g.role_name)));
GRANT SELECT (org_id, article_id, title, section) ON switchboard.kb_articles TO switchboard_analyst;

-- Views --------------------------------------------------------------------------------------

CREATE VIEW reporting.conversation_facts WITH (security_invoker = true) AS
SELECT
    c.org_id,
    c.conversation_id                                                    AS session_id,
    c.started_at,
    c.closed_at,
    c.mode,
    c.status,
    c.handoff_requested                                                  AS handoff,
    c.handoff_requested_at,
    c.handoff_reason,
    ct.name                                                              AS customer_name,
    c.message_count,
    c.mode IN ('ai', 'needs', 'live')                                    AS active,
    c.mode IN ('closed', 'archived')                                     AS resolved,
    c.ai_unanswered_count > 0                                            AS ai_not_sure,
    c.ai_answered,
    -- IS TRUE rather than COALESCE: the same values, and a filter on them lets the planner start
    -- from the small qa_reviews / followups tables instead of every conversation.
    q.flagged_incorrect IS TRUE                                          AS ai_flagged_incorrect,
    q.correction_reviewed IS TRUE                                        AS correction_reviewed,
    q.correction_note,
    (c.handoff_requested OR c.status IS NOT NULL)                        AS escalated,
    (ct.email IS NOT NULL OR ct.phone IS NOT NULL OR c.email_provided IS NOT NULL) AS contact_captured,
    (f.needed AND NOT f.done) IS TRUE                                    AS followup_open,
    owner.display_name                                                   AS agent_name,
    c.first_question,
    c.ai_article_ids
FROM switchboard.conversations c
LEFT JOIN switchboard.contacts ct ON ct.org_id = c.org_id AND ct.contact_id = c.contact_id
LEFT JOIN switchboard.qa_reviews q ON q.org_id = c.org_id AND q.conversation_id = c.conversation_id
LEFT JOIN switchboard.followups f ON f.org_id = c.org_id AND f.conversation_id = c.conversation_id
LEFT JOIN switchboard.agents owner ON owner.org_id = c.org_id AND owner.agent_id = c.owner_agent_id;

COMMENT ON VIEW reporting.conversation_facts IS 'One row per conversation with the analytics definitions as columns (see the 0011 migration and README); the dashboard counts these.';
COMMENT ON COLUMN reporting.conversation_facts.org_id IS 'Organisation the conversation belongs to.';
COMMENT ON COLUMN reporting.conversation_facts.session_id IS 'The conversation''s id; same as chat_log.session_id.';
COMMENT ON COLUMN reporting.conversation_facts.started_at IS 'When the chat opened; ranges are on this.';
COMMENT ON COLUMN reporting.conversation_facts.closed_at IS 'When it was closed; NULL while open.';
COMMENT ON COLUMN reporting.conversation_facts.mode IS 'ai, live, needs, review, followup, closed or archived.';
COMMENT ON COLUMN reporting.conversation_facts.status IS 'after-hours, agent-handled, or NULL when only the AI took part.';
COMMENT ON COLUMN reporting.conversation_facts.handoff IS 'TRUE when the customer asked for a human.';
COMMENT ON COLUMN reporting.conversation_facts.handoff_requested_at IS 'When the customer asked for a human.';
COMMENT ON COLUMN reporting.conversation_facts.handoff_reason IS 'The reason the customer gave when asking for a human.';
COMMENT ON COLUMN reporting.conversation_facts.customer_name IS 'Name the AI captured in the chat.';
COMMENT ON COLUMN reporting.conversation_facts.message_count IS 'Messages in the conversation, system notices included.';
COMMENT ON COLUMN reporting.conversation_facts.active IS 'Mode is ai, needs or live.';
COMMENT ON COLUMN reporting.conversation_facts.resolved IS 'Mode is closed or archived.';
COMMENT ON COLUMN reporting.conversation_facts.ai_not_sure IS 'At least one AI answer was "not sure".';
COMMENT ON COLUMN reporting.conversation_facts.ai_answered IS 'At least one AI answer was given from the knowledge base.';
COMMENT ON COLUMN reporting.conversation_facts.ai_flagged_incorrect IS 'An agent marked the AI''s answer wrong.';
COMMENT ON COLUMN reporting.conversation_facts.correction_reviewed IS 'The knowledge-base fix for a wrong answer is confirmed.';
COMMENT ON COLUMN reporting.conversation_facts.correction_note IS 'What the right answer should have been.';
COMMENT ON COLUMN reporting.conversation_facts.escalated IS 'A human was requested or took part: handoff requested, or status after-hours or agent-handled.';
COMMENT ON COLUMN reporting.conversation_facts.contact_captured IS 'The contact has an email or phone, or an email was typed into the handoff form.';
COMMENT ON COLUMN reporting.conversation_facts.followup_open IS 'A follow-up is flagged and not done.';
COMMENT ON COLUMN reporting.conversation_facts.agent_name IS 'Display name of the agent who owns the conversation now.';
COMMENT ON COLUMN reporting.conversation_facts.first_question IS 'The first customer message, normalised (reporting.normalise_question).';
COMMENT ON COLUMN reporting.conversation_facts.ai_article_ids IS 'Knowledge-base articles the AI''s answers used.';

CREATE VIEW reporting.ownership_changes WITH (security_invoker = true) AS
SELECT e.org_id, e.conversation_id AS session_id,
       CASE e.kind WHEN 'take_over' THEN 'ai_to_agent' ELSE 'agent_to_agent' END AS kind,
       from_agent.display_name AS from_agent, to_agent.display_name AS to_agent, e.at
FROM switchboard.ownership_events e
LEFT JOIN switchboard.agents from_agent ON from_agent.org_id = e.org_id AND from_agent.agent_id = e.from_agent_id
LEFT JOIN switchboard.agents to_agent ON to_agent.org_id = e.org_id AND to_agent.agent_id = e.to_agent_id
WHERE e.kind IN ('take_over', 'transfer');

COMMENT ON VIEW reporting.ownership_changes IS 'Take-overs from the AI and agent-to-agent transfers, one row each.';
COMMENT ON COLUMN reporting.ownership_changes.org_id IS 'Organisation the conversation belongs to.';
COMMENT ON COLUMN reporting.ownership_changes.session_id IS 'The conversation''s id.';
COMMENT ON COLUMN reporting.ownership_changes.kind IS 'ai_to_agent (an agent took it over from the AI) or agent_to_agent (a transfer).';
COMMENT ON COLUMN reporting.ownership_changes.from_agent IS 'Display name of the previous owner; NULL for the AI.';
COMMENT ON COLUMN reporting.ownership_changes.to_agent IS 'Display name of the new owner.';
COMMENT ON COLUMN reporting.ownership_changes.at IS 'When ownership changed.';

CREATE VIEW reporting.articles WITH (security_invoker = true) AS
SELECT a.org_id, a.article_id, a.title, a.section FROM switchboard.kb_articles a;

COMMENT ON VIEW reporting.articles IS 'Knowledge-base article titles, for naming the articles AI answers used.';
COMMENT ON COLUMN reporting.articles.org_id IS 'Organisation the article belongs to.';
COMMENT ON COLUMN reporting.articles.article_id IS 'The article''s id, as in conversation_facts.ai_article_ids.';
COMMENT ON COLUMN reporting.articles.title IS 'The article''s title.';
COMMENT ON COLUMN reporting.articles.section IS 'The section the article is filed under.';

-- Functions ----------------------------------------------------------------------------------
-- p_org_id picks the organisation (row-level security still applies); [p_from, p_to) is the
-- range of start times; p_time_zone is an IANA name for days, weekdays and hours.

CREATE FUNCTION reporting.analytics_totals(p_org_id uuid, p_from timestamptz, p_to timestamptz)
RETURNS TABLE (period text, total bigint, active bigint, resolved bigint, followup bigint, review bigint, ai_not_sure bigint,
               ai_answered bigint, ai_answered_correct bigint, contact_captured bigint, messages bigint, escalated bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    -- One scan over both ranges: [from, to) is 'current', the equally long range before it 'previous'.
    WITH counts AS (
        SELECT CASE WHEN f.started_at >= p_from THEN 'current' ELSE 'previous' END AS period,
               count(*) AS total,
               count(*) FILTER (WHERE f.active) AS active,
               count(*) FILTER (WHERE f.resolved) AS resolved,
               count(*) FILTER (WHERE f.mode = 'followup') AS followup,
               count(*) FILTER (WHERE f.mode = 'review') AS review,
               count(*) FILTER (WHERE f.ai_not_sure) AS ai_not_sure,
               count(*) FILTER (WHERE f.ai_answered) AS ai_answered,
               count(*) FILTER (WHERE f.ai_answered AND NOT f.ai_flagged_incorrect) AS ai_answered_correct,
               count(*) FILTER (WHERE f.contact_captured) AS contact_captured,
               sum(f.message_count)::bigint AS messages,
               count(*) FILTER (WHERE f.escalated) AS escalated
        FROM reporting.conversation_facts f
        WHERE f.org_id = p_org_id AND f.started_at >= p_from - (p_to - p_from) AND f.started_at < p_to
        GROUP BY 1
    )
    SELECT p.period, COALESCE(c.total, 0), COALESCE(c.active, 0), COALESCE(c.resolved, 0), COALESCE(c.followup, 0),
           COALESCE(c.review, 0), COALESCE(c.ai_not_sure, 0), COALESCE(c.ai_answered, 0), COALESCE(c.ai_answered_correct, 0),
           COALESCE(c.contact_captured, 0), COALESCE(c.messages, 0), COALESCE(c.escalated, 0)
    FROM (VALUES ('current'), ('previous')) AS p(period)
    LEFT JOIN counts c ON c.period = p.period
$$;

COMMENT ON FUNCTION reporting.analytics_totals(uuid, timestamptz, timestamptz) IS
    'Counts of conversations started in [from, to) (period current) and in the equally long range before it (period previous): total, active, resolved, followup, review, ai_not_sure, ai_answered, ai_answered_correct (answered and not flagged incorrect), contact_captured, messages (sum of message_count), escalated.';

CREATE FUNCTION reporting.analytics_kpis(p_org_id uuid, p_from timestamptz, p_to timestamptz)
RETURNS TABLE (metric text, value numeric, previous numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    WITH t AS (SELECT * FROM reporting.analytics_totals(p_org_id, p_from, p_to)),
         c AS (SELECT * FROM t WHERE t.period = 'current'),
         p AS (SELECT * FROM t WHERE t.period = 'previous')
    SELECT k.metric, k.value, k.previous
    FROM c, p,
         LATERAL (VALUES
            (1, 'active', c.active::numeric, p.active::numeric),
            (2, 'resolved', c.resolved::numeric, p.resolved::numeric),
            (3, 'followup', c.followup::numeric, p.followup::numeric),
            (4, 'review', c.review::numeric, p.review::numeric),
            (5, 'total', c.total::numeric, p.total::numeric),
            (6, 'ai_not_sure', c.ai_not_sure::numeric, p.ai_not_sure::numeric),
            (7, 'ai_accuracy', round(c.ai_answered_correct::numeric / NULLIF(c.ai_answered, 0), 4),
                               round(p.ai_answered_correct::numeric / NULLIF(p.ai_answered, 0), 4)),
            (8, 'contact_capture', round(c.contact_captured::numeric / NULLIF(c.total, 0), 4),
                                   round(p.contact_captured::numeric / NULLIF(p.total, 0), 4)),
            (9, 'avg_messages', round(c.messages::numeric / NULLIF(c.total, 0), 2),
                                round(p.messages::numeric / NULLIF(p.total, 0), 2))
         ) AS k(position, metric, value, previous)
    ORDER BY k.position
$$;

COMMENT ON FUNCTION reporting.analytics_kpis(uuid, timestamptz, timestamptz) IS
    'The KPI cards for [from, to) and for the previous range of equal length: active, resolved, followup, review, total, ai_not_sure (counts); ai_accuracy and contact_capture (fractions 0..1, 4 decimals; NULL without a denominator); avg_messages (2 decimals).';

CREATE FUNCTION reporting.analytics_daily(p_org_id uuid, p_from timestamptz, p_to timestamptz, p_time_zone text)
RETURNS TABLE (day date, ai_only bigint, escalated bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    WITH counts AS (
        SELECT (f.started_at AT TIME ZONE p_time_zone)::date AS day,
               count(*) FILTER (WHERE NOT f.escalated) AS ai_only,
               count(*) FILTER (WHERE f.escalated) AS escalated
        FROM reporting.conversation_facts f
        WHERE f.org_id = p_org_id AND f.started_at >= p_from AND f.started_at < p_to
        GROUP BY 1
    )
    SELECT d.day::date, COALESCE(c.ai_only, 0), COALESCE(c.escalated, 0)
    FROM pg_catalog.generate_series((p_from AT TIME ZONE p_time_zone)::date,
                                    ((p_to AT TIME ZONE p_time_zone) - interval '1 microsecond')::date,
                                    interval '1 day') AS d(day)
    LEFT JOIN counts c ON c.day = d.day::date
    ORDER BY 1
$$;

COMMENT ON FUNCTION reporting.analytics_daily(uuid, timestamptz, timestamptz, text) IS
    'Chats per day (in the time zone) started in [from, to): ai_only (not escalated) and escalated (a human was requested or took part); every day of the range, zeros included.';

CREATE FUNCTION reporting.analytics_resolution_split(p_org_id uuid, p_from timestamptz, p_to timestamptz)
RETURNS TABLE (resolved_by text, conversations bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT s.resolved_by, count(f.session_id)
    FROM (VALUES (1, 'ai'), (2, 'human')) AS s(position, resolved_by)
    LEFT JOIN reporting.conversation_facts f
           ON f.org_id = p_org_id AND f.started_at >= p_from AND f.started_at < p_to AND f.resolved
          AND f.escalated = (s.resolved_by = 'human')
    GROUP BY s.position, s.resolved_by
    ORDER BY s.position
$$;

COMMENT ON FUNCTION reporting.analytics_resolution_split(uuid, timestamptz, timestamptz) IS
    'Resolved conversations started in [from, to) by who resolved them: ai (never escalated) or human (escalated).';

CREATE FUNCTION reporting.analytics_busiest_hours(p_org_id uuid, p_from timestamptz, p_to timestamptz, p_time_zone text)
RETURNS TABLE (weekday integer, hour integer, chats bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT extract(isodow FROM f.started_at AT TIME ZONE p_time_zone)::integer,
           extract(hour FROM f.started_at AT TIME ZONE p_time_zone)::integer,
           count(*)
    FROM reporting.conversation_facts f
    WHERE f.org_id = p_org_id AND f.started_at >= p_from AND f.started_at < p_to
    GROUP BY 1, 2
    ORDER BY 1, 2
$$;

COMMENT ON FUNCTION reporting.analytics_busiest_hours(uuid, timestamptz, timestamptz, text) IS
    'Chats started in [from, to) by local weekday (1 = Monday … 7 = Sunday) and hour (0–23) in the time zone; empty cells are left out.';

CREATE FUNCTION reporting.analytics_top_articles(p_org_id uuid, p_from timestamptz, p_to timestamptz, p_limit integer)
RETURNS TABLE (article_id uuid, title text, conversations bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT a.id, art.title, count(*)
    FROM reporting.conversation_facts f
    CROSS JOIN LATERAL pg_catalog.unnest(f.ai_article_ids) AS a(id)
    LEFT JOIN reporting.articles art ON art.org_id = f.org_id AND art.article_id = a.id
    WHERE f.org_id = p_org_id AND f.started_at >= p_from AND f.started_at < p_to
    GROUP BY a.id, art.title
    ORDER BY 3 DESC, 2, 1
    LIMIT p_limit
$$;

COMMENT ON FUNCTION reporting.analytics_top_articles(uuid, timestamptz, timestamptz, integer) IS
    'Knowledge-base articles by the number of conversations started in [from, to) whose AI answers used them; title NULL when the article was deleted.';

CREATE FUNCTION reporting.analytics_top_questions(p_org_id uuid, p_from timestamptz, p_to timestamptz, p_limit integer)
RETURNS TABLE (question text, conversations bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT f.first_question, count(*)
    FROM reporting.conversation_facts f
    WHERE f.org_id = p_org_id AND f.started_at >= p_from AND f.started_at < p_to AND f.first_question IS NOT NULL
    GROUP BY 1
    HAVING count(*) >= 2
    ORDER BY 2 DESC, 1
    LIMIT p_limit
$$;

COMMENT ON FUNCTION reporting.analytics_top_questions(uuid, timestamptz, timestamptz, integer) IS
    'Recurring questions: normalised first customer messages shared by at least two conversations started in [from, to), most frequent first.';

CREATE FUNCTION reporting.analytics_recent_activity(p_org_id uuid, p_from timestamptz, p_to timestamptz, p_limit integer)
RETURNS TABLE (kind text, session_id uuid, at timestamptz, customer_name text, detail text)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    -- Each kind takes its chats newest start first, so an index scan backwards over
    -- (org_id, started_at) stops after a few rows instead of sorting the whole range.
    SELECT * FROM (
        (SELECT 'escalation'::text, f.session_id, COALESCE(f.handoff_requested_at, f.started_at), f.customer_name, f.handoff_reason
         FROM reporting.conversation_facts f
         WHERE f.org_id = p_org_id AND f.started_at >= p_from AND f.started_at < p_to AND f.escalated
         ORDER BY f.started_at DESC, f.session_id LIMIT p_limit)
        UNION ALL
        (SELECT 'contact_capture', f.session_id, f.started_at, f.customer_name, NULL
         FROM reporting.conversation_facts f
         WHERE f.org_id = p_org_id AND f.started_at >= p_from AND f.started_at < p_to AND f.contact_captured
         ORDER BY f.started_at DESC, f.session_id LIMIT p_limit)
        UNION ALL
        (SELECT 'resolved', f.session_id, COALESCE(f.closed_at, f.started_at), f.customer_name, f.mode
         FROM reporting.conversation_facts f
         WHERE f.org_id = p_org_id AND f.started_at >= p_from AND f.started_at < p_to AND f.resolved
         ORDER BY f.started_at DESC, f.session_id LIMIT p_limit)
    ) AS recent(kind, session_id, at, customer_name, detail)
    ORDER BY recent.at DESC, recent.kind, recent.session_id
    LIMIT p_limit
$$;

COMMENT ON FUNCTION reporting.analytics_recent_activity(uuid, timestamptz, timestamptz, integer) IS
    'Recent escalations, contact captures and resolved chats: of each kind the p_limit chats started last in [from, to); at is when it happened (handoff request, start, close), rows newest at first; detail is the handoff reason or the final mode.';

CREATE FUNCTION reporting.analytics_takeovers(p_org_id uuid, p_from timestamptz, p_to timestamptz)
RETURNS TABLE (kind text, handoffs bigint, conversations bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT k.kind, count(o.session_id), count(DISTINCT o.session_id)
    FROM (VALUES (1, 'ai_to_agent'), (2, 'agent_to_agent')) AS k(position, kind)
    LEFT JOIN reporting.ownership_changes o
           ON o.org_id = p_org_id AND o.at >= p_from AND o.at < p_to AND o.kind = k.kind
    GROUP BY k.position, k.kind
    ORDER BY k.position
$$;

COMMENT ON FUNCTION reporting.analytics_takeovers(uuid, timestamptz, timestamptz) IS
    'Ownership changes that happened in [from, to): ai_to_agent take-overs and agent_to_agent transfers, with how many conversations they touched.';

CREATE FUNCTION reporting.analytics_followup_workload(p_org_id uuid)
RETURNS TABLE (agent_name text, open_followups bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT f.agent_name, count(*)
    FROM reporting.conversation_facts f
    WHERE f.org_id = p_org_id AND f.followup_open
    GROUP BY 1
    ORDER BY 2 DESC, 1 NULLS LAST
$$;

COMMENT ON FUNCTION reporting.analytics_followup_workload(uuid) IS
    'Open follow-ups now (flagged, not done), whatever the range, by the display name of the agent who owns the conversation (NULL: nobody owns it).';

CREATE FUNCTION reporting.analytics_conversations(p_org_id uuid, p_from timestamptz, p_to timestamptz, p_metric text, p_limit integer)
RETURNS TABLE (session_id uuid, started_at timestamptz, mode text, customer_name text, agent_name text)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT f.session_id, f.started_at, f.mode, f.customer_name, f.agent_name
    FROM reporting.conversation_facts f
    WHERE f.org_id = p_org_id
      AND CASE p_metric
            WHEN 'followup_open' THEN f.followup_open
            WHEN 'needs_correction' THEN f.ai_flagged_incorrect AND NOT f.correction_reviewed
            WHEN 'ai_to_agent' THEN EXISTS (SELECT 1 FROM reporting.ownership_changes o
                                            WHERE o.org_id = f.org_id AND o.session_id = f.session_id
                                              AND o.kind = 'ai_to_agent' AND o.at >= p_from AND o.at < p_to)
            WHEN 'agent_to_agent' THEN EXISTS (SELECT 1 FROM reporting.ownership_changes o
                                               WHERE o.org_id = f.org_id AND o.session_id = f.session_id
                                                 AND o.kind = 'agent_to_agent' AND o.at >= p_from AND o.at < p_to)
            ELSE f.started_at >= p_from AND f.started_at < p_to
                 AND CASE p_metric
                       WHEN 'total' THEN true
                       WHEN 'active' THEN f.active
                       WHEN 'resolved' THEN f.resolved
                       WHEN 'followup' THEN f.mode = 'followup'
                       WHEN 'review' THEN f.mode = 'review'
                       WHEN 'ai_not_sure' THEN f.ai_not_sure
                       WHEN 'ai_answered' THEN f.ai_answered
                       WHEN 'ai_incorrect' THEN f.ai_answered AND f.ai_flagged_incorrect
                       WHEN 'contact_capture' THEN f.contact_captured
                       WHEN 'escalated' THEN f.escalated
                       WHEN 'ai_only' THEN NOT f.escalated
                       WHEN 'resolved_ai' THEN f.resolved AND NOT f.escalated
                       WHEN 'resolved_human' THEN f.resolved AND f.escalated
                       ELSE false
                     END
          END
    ORDER BY f.started_at DESC, f.session_id
    LIMIT p_limit
$$;

COMMENT ON FUNCTION reporting.analytics_conversations(uuid, timestamptz, timestamptz, text, integer) IS
    'The conversations behind a number, newest first. Metrics over conversations started in [from, to): total, active, resolved, followup, review, ai_not_sure, ai_answered, ai_incorrect, contact_capture, escalated, ai_only, resolved_ai, resolved_human; ownership changes in [from, to): ai_to_agent, agent_to_agent; current state whatever the range: followup_open, needs_correction. An unknown metric gives no rows.';

-- Privileges ---------------------------------------------------------------------------------

GRANT SELECT ON reporting.conversation_facts, reporting.ownership_changes, reporting.articles
    TO switchboard_analyst, switchboard_app;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA reporting FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA reporting TO switchboard_analyst, switchboard_app;
