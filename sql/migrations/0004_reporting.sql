-- 0004 — reporting views.
--
-- reporting.chat_log and reporting.sessions keep exactly the column names of the old spreadsheet's
-- ChatLog and Sessions tabs (plus org_id), so analysts' queries carry over. The console reads the
-- same views, so the console and an analyst's SQL always agree.
--
-- The views are security_invoker: the reader's own row-level security applies. The server sees
-- its transaction's organisation; an analyst sees the organisations granted in
-- switchboard.analyst_grants. Analysts get SELECT on the base tables the views read (the invoker
-- needs it) but no USAGE on schema switchboard, so they cannot name those tables directly.

-- Tenant rows an analyst may read: those of organisations granted to the analyst's roles.
CREATE POLICY analyst_granted_orgs ON switchboard.conversations FOR SELECT TO switchboard_analyst
    USING (org_id IN (SELECT g.org_id FROM switchboard.analyst_grants g WHERE switchboard.current_user_is_member_of(g.role_name)));
CREATE POLICY analyst_granted_orgs ON switchboard.contacts FOR SELECT TO switchboard_analyst
    USING (org_id IN (SELECT g.org_id FROM switchboard.analyst_grants g WHERE switchboard.current_user_is_member_of(g.role_name)));
CREATE POLICY analyst_granted_orgs ON switchboard.messages FOR SELECT TO switchboard_analyst
    USING (org_id IN (SELECT g.org_id FROM switchboard.analyst_grants g WHERE switchboard.current_user_is_member_of(g.role_name)));
CREATE POLICY analyst_granted_orgs ON switchboard.agents FOR SELECT TO switchboard_analyst
    USING (org_id IN (SELECT g.org_id FROM switchboard.analyst_grants g WHERE switchboard.current_user_is_member_of(g.role_name)));
CREATE POLICY analyst_granted_orgs ON switchboard.ownership_events FOR SELECT TO switchboard_analyst
    USING (org_id IN (SELECT g.org_id FROM switchboard.analyst_grants g WHERE switchboard.current_user_is_member_of(g.role_name)));
CREATE POLICY analyst_granted_orgs ON switchboard.qa_reviews FOR SELECT TO switchboard_analyst
    USING (org_id IN (SELECT g.org_id FROM switchboard.analyst_grants g WHERE switchboard.current_user_is_member_of(g.role_name)));
CREATE POLICY analyst_granted_orgs ON switchboard.kb_updates FOR SELECT TO switchboard_analyst
    USING (org_id IN (SELECT g.org_id FROM switchboard.analyst_grants g WHERE switchboard.current_user_is_member_of(g.role_name)));
CREATE POLICY analyst_granted_orgs ON switchboard.followups FOR SELECT TO switchboard_analyst
    USING (org_id IN (SELECT g.org_id FROM switchboard.analyst_grants g WHERE switchboard.current_user_is_member_of(g.role_name)));
CREATE POLICY analyst_granted_orgs ON switchboard.presence FOR SELECT TO switchboard_analyst
    USING (org_id IN (SELECT g.org_id FROM switchboard.analyst_grants g WHERE switchboard.current_user_is_member_of(g.role_name)));
CREATE POLICY analyst_granted_orgs ON switchboard.organisation_settings FOR SELECT TO switchboard_analyst
    USING (org_id IN (SELECT g.org_id FROM switchboard.analyst_grants g WHERE switchboard.current_user_is_member_of(g.role_name)));

-- ChatLog: one row per conversation ----------------------------------------------------------------

CREATE VIEW reporting.chat_log WITH (security_invoker = true) AS
SELECT
    c.org_id,
    c.conversation_id                      AS session_id,
    c.started_at                           AS chat_started_date_time,
    ct.name                                AS customer_name,
    ct.email                               AS customer_email,
    ct.phone                               AS customer_phone,
    c.page_url                             AS page,
    COALESCE(transcript.chat_log, '')      AS chat_log,
    c.handoff_requested                    AS handoff,
    c.handoff_reason,
    c.status,
    last_reply.agent_name,
    last_reply.reply,
    c.email_provided,
    c.name_provided,
    COALESCE(q.flagged_incorrect, false)   AS ai_flagged_incorrect,
    q.correction_note,
    COALESCE(q.correction_reviewed, false) AS correction_reviewed,
    reviewer.display_name                  AS reviewed_by,
    q.reviewed_at,
    COALESCE(k.update_needed, false)       AS kb_update_needed,
    COALESCE(k.updated, false)             AS kb_updated,
    COALESCE(f.needed, false)              AS followup_needed,
    f.note                                 AS followup_note,
    COALESCE(f.done, false)                AS followup_done,
    f.done_note                            AS followup_done_note,
    finisher.display_name                  AS followup_done_by,
    f.done_at                              AS followup_done_at,
    c.owner_changes
FROM switchboard.conversations c
LEFT JOIN switchboard.contacts ct
       ON ct.org_id = c.org_id AND ct.contact_id = c.contact_id
-- Line breaks inside a message become spaces so the transcript stays one line per message and a
-- message cannot forge another speaker's line.
LEFT JOIN LATERAL (
    SELECT string_agg(
               CASE m.author_kind
                   WHEN 'customer' THEN 'Customer: '
                   WHEN 'ai'       THEN 'AI: '
                   ELSE 'Agent[' || COALESCE(a.display_name, 'Agent') || ']: '
               END || regexp_replace(m.body, '\r\n|\r|\n', ' ', 'g'),
               E'\n' ORDER BY m.seq) AS chat_log
    FROM switchboard.messages m
    LEFT JOIN switchboard.agents a ON a.org_id = m.org_id AND a.agent_id = m.agent_id
    WHERE m.org_id = c.org_id AND m.conversation_id = c.conversation_id
      AND m.author_kind IN ('customer', 'ai', 'agent')
) transcript ON true
LEFT JOIN LATERAL (
    SELECT a.display_name AS agent_name, m.body AS reply
    FROM switchboard.messages m
    LEFT JOIN switchboard.agents a ON a.org_id = m.org_id AND a.agent_id = m.agent_id
    WHERE m.org_id = c.org_id AND m.conversation_id = c.conversation_id
      AND m.author_kind = 'agent'
    ORDER BY m.seq DESC
    LIMIT 1
) last_reply ON true
LEFT JOIN switchboard.qa_reviews q
       ON q.org_id = c.org_id AND q.conversation_id = c.conversation_id
LEFT JOIN switchboard.agents reviewer
       ON reviewer.org_id = q.org_id AND reviewer.agent_id = q.reviewed_by_agent_id
LEFT JOIN switchboard.kb_updates k
       ON k.org_id = c.org_id AND k.conversation_id = c.conversation_id
LEFT JOIN switchboard.followups f
       ON f.org_id = c.org_id AND f.conversation_id = c.conversation_id
LEFT JOIN switchboard.agents finisher
       ON finisher.org_id = f.org_id AND finisher.agent_id = f.done_by_agent_id;

COMMENT ON VIEW reporting.chat_log IS 'ChatLog tab: one row per conversation with its transcript, handoff, review flags and follow-up. Column names are the old spreadsheet''s.';
COMMENT ON COLUMN reporting.chat_log.org_id IS 'Organisation the conversation belongs to.';
COMMENT ON COLUMN reporting.chat_log.session_id IS 'The conversation''s id, as the widget knows it.';
COMMENT ON COLUMN reporting.chat_log.chat_started_date_time IS 'When the chat opened.';
COMMENT ON COLUMN reporting.chat_log.customer_name IS 'Name the AI captured in the chat.';
COMMENT ON COLUMN reporting.chat_log.customer_email IS 'Email the AI captured in the chat.';
COMMENT ON COLUMN reporting.chat_log.customer_phone IS 'Phone number the AI captured in the chat.';
COMMENT ON COLUMN reporting.chat_log.page IS 'URL of the page the chat was started on.';
COMMENT ON COLUMN reporting.chat_log.chat_log IS 'The whole transcript, one line per message in order, each starting "Customer: ", "AI: " or "Agent[Name]: "; system notices are left out and line breaks inside a message become spaces. Empty when there are no messages.';
COMMENT ON COLUMN reporting.chat_log.handoff IS 'TRUE when the customer asked for a human.';
COMMENT ON COLUMN reporting.chat_log.handoff_reason IS 'The reason the customer gave when asking for a human.';
COMMENT ON COLUMN reporting.chat_log.status IS 'after-hours, agent-handled, or empty (NULL) when only the AI took part.';
COMMENT ON COLUMN reporting.chat_log.agent_name IS 'Display name of the last agent who replied.';
COMMENT ON COLUMN reporting.chat_log.reply IS 'Text of the last agent reply (used for email notifications).';
COMMENT ON COLUMN reporting.chat_log.email_provided IS 'Email typed into the handoff form.';
COMMENT ON COLUMN reporting.chat_log.name_provided IS 'Name typed into the handoff form.';
COMMENT ON COLUMN reporting.chat_log.ai_flagged_incorrect IS 'TRUE when an agent marked the AI''s answer wrong.';
COMMENT ON COLUMN reporting.chat_log.correction_note IS 'What the right answer should have been.';
COMMENT ON COLUMN reporting.chat_log.correction_reviewed IS 'TRUE once the knowledge-base fix is confirmed.';
COMMENT ON COLUMN reporting.chat_log.reviewed_by IS 'Display name of the agent who confirmed the fix.';
COMMENT ON COLUMN reporting.chat_log.reviewed_at IS 'When the fix was confirmed.';
COMMENT ON COLUMN reporting.chat_log.kb_update_needed IS 'TRUE when the knowledge base needs a change.';
COMMENT ON COLUMN reporting.chat_log.kb_updated IS 'TRUE once the knowledge base has been changed.';
COMMENT ON COLUMN reporting.chat_log.followup_needed IS 'TRUE when someone (sales, tech) must follow up.';
COMMENT ON COLUMN reporting.chat_log.followup_note IS 'What the follow-up is about.';
COMMENT ON COLUMN reporting.chat_log.followup_done IS 'TRUE once the follow-up is done.';
COMMENT ON COLUMN reporting.chat_log.followup_done_note IS 'How the follow-up was resolved.';
COMMENT ON COLUMN reporting.chat_log.followup_done_by IS 'Display name of the agent who completed the follow-up.';
COMMENT ON COLUMN reporting.chat_log.followup_done_at IS 'When the follow-up was completed.';
COMMENT ON COLUMN reporting.chat_log.owner_changes IS 'Number of agent-to-agent handoffs.';

-- Sessions: one row per conversation, live state ----------------------------------------------

CREATE VIEW reporting.sessions WITH (security_invoker = true) AS
SELECT
    c.org_id,
    c.conversation_id AS session_id,
    c.mode,
    owner.display_name AS agent_name,
    COALESCE((SELECT jsonb_agg(m.body ORDER BY m.seq)
              FROM switchboard.messages m
              WHERE m.org_id = c.org_id AND m.conversation_id = c.conversation_id
                AND m.author_kind = 'customer'), '[]'::jsonb) AS customer_msgs,
    COALESCE((SELECT jsonb_agg(m.body ORDER BY m.seq)
              FROM switchboard.messages m
              WHERE m.org_id = c.org_id AND m.conversation_id = c.conversation_id
                AND m.author_kind = 'agent'), '[]'::jsonb) AS agent_msgs,
    c.updated_at,
    -- ts is written in UTC with milliseconds ("2024-05-01T14:02:00.000Z") whatever the session's
    -- TimeZone, the format JavaScript's Date and Swift's ISO8601DateFormatter both read.
    COALESCE((SELECT jsonb_agg(jsonb_build_object(
                         'from', from_agent.display_name,
                         'to',   to_agent.display_name,
                         'ts',   to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                     ORDER BY e.at, e.event_id)
              FROM switchboard.ownership_events e
              LEFT JOIN switchboard.agents from_agent
                     ON from_agent.org_id = e.org_id AND from_agent.agent_id = e.from_agent_id
              LEFT JOIN switchboard.agents to_agent
                     ON to_agent.org_id = e.org_id AND to_agent.agent_id = e.to_agent_id
              WHERE e.org_id = c.org_id AND e.conversation_id = c.conversation_id
                AND e.kind IN ('take_over', 'transfer')), '[]'::jsonb) AS owner_history
FROM switchboard.conversations c
LEFT JOIN switchboard.agents owner
       ON owner.org_id = c.org_id AND owner.agent_id = c.owner_agent_id;

COMMENT ON VIEW reporting.sessions IS 'Sessions tab: one row per conversation with its live state — mode, owner, message texts and owner history.';
COMMENT ON COLUMN reporting.sessions.org_id IS 'Organisation the conversation belongs to.';
COMMENT ON COLUMN reporting.sessions.session_id IS 'The conversation''s id; same as chat_log.session_id.';
COMMENT ON COLUMN reporting.sessions.mode IS 'ai, live, needs, review, followup, closed or archived.';
COMMENT ON COLUMN reporting.sessions.agent_name IS 'Display name of the agent who owns the conversation now; NULL when no agent owns it.';
COMMENT ON COLUMN reporting.sessions.customer_msgs IS 'JSON array of the customer''s message texts, in order; [] when none.';
COMMENT ON COLUMN reporting.sessions.agent_msgs IS 'JSON array of the agents'' message texts, in order; [] when none.';
COMMENT ON COLUMN reporting.sessions.updated_at IS 'Last change of mode or owner.';
COMMENT ON COLUMN reporting.sessions.owner_history IS 'JSON array of ownership changes (take-overs from the AI and agent-to-agent handoffs) in time order: {"from": display name or null for the AI, "to": display name, "ts": UTC time in ISO 8601}; [] when none.';

-- Presence: one row per agent ----------------------------------------------------------------

CREATE VIEW reporting.presence WITH (security_invoker = true) AS
SELECT
    a.org_id,
    a.display_name AS agent_name,
    switchboard.agent_is_online(p.last_heartbeat_at, p.open_sockets) AS online,
    p.updated_at
FROM switchboard.agents a
LEFT JOIN switchboard.presence p
       ON p.org_id = a.org_id AND p.agent_id = a.agent_id
WHERE a.disabled_at IS NULL;

COMMENT ON VIEW reporting.presence IS 'Presence tab: one row per agent who is not disabled; consoles send a heartbeat every 2 minutes.';
COMMENT ON COLUMN reporting.presence.org_id IS 'Organisation the agent belongs to.';
COMMENT ON COLUMN reporting.presence.agent_name IS 'The agent''s display name.';
COMMENT ON COLUMN reporting.presence.online IS 'TRUE when the agent''s console sent a heartbeat within 5 minutes or has a connection open.';
COMMENT ON COLUMN reporting.presence.updated_at IS 'Last presence change (heartbeat or connection); NULL when the agent never opened the console.';

-- Settings: key and value --------------------------------------------------------------------

CREATE VIEW reporting.settings WITH (security_invoker = true) AS
SELECT s.org_id, kv.key, kv.value
FROM switchboard.organisation_settings s
CROSS JOIN LATERAL (VALUES
    ('ai_chat_enabled',        s.ai_chat_enabled::text),
    ('time_zone',              s.time_zone),
    ('widget_allowed_origins', array_to_string(s.widget_allowed_origins, ',')),
    ('business_hours',         s.business_hours::text),
    ('idle_close_minutes',     s.idle_close_minutes::text),
    ('answer_threshold',       s.answer_threshold::text)
) AS kv (key, value);

COMMENT ON VIEW reporting.settings IS 'Settings tab: one row per setting per organisation, as text.';
COMMENT ON COLUMN reporting.settings.org_id IS 'Organisation the setting belongs to.';
COMMENT ON COLUMN reporting.settings.key IS 'Setting name: ai_chat_enabled, time_zone, widget_allowed_origins, business_hours, idle_close_minutes or answer_threshold.';
COMMENT ON COLUMN reporting.settings.value IS 'Setting value as text: true/false for ai_chat_enabled, comma-separated origins, business hours as JSON, numbers as digits.';

-- Privileges ---------------------------------------------------------------------------------

REVOKE ALL ON SCHEMA reporting FROM PUBLIC;
GRANT USAGE ON SCHEMA reporting TO switchboard_analyst, switchboard_app;
GRANT SELECT ON reporting.chat_log, reporting.sessions, reporting.presence, reporting.settings
    TO switchboard_analyst, switchboard_app;

-- What the views read, for the security_invoker checks. Analysts get no USAGE on schema
-- switchboard, so they cannot query these tables by name.
GRANT SELECT ON
    switchboard.conversations,
    switchboard.contacts,
    switchboard.messages,
    switchboard.ownership_events,
    switchboard.qa_reviews,
    switchboard.kb_updates,
    switchboard.followups,
    switchboard.presence,
    switchboard.organisation_settings,
    switchboard.analyst_grants
TO switchboard_analyst;
-- Agents: only what the views show, not emails or sign-in identities.
GRANT SELECT (org_id, agent_id, display_name, disabled_at) ON switchboard.agents TO switchboard_analyst;
