-- 0028 — imported conversations keep the id they had elsewhere.
--
-- `switchboard import sheet` brings an organisation's history over from the old spreadsheet
-- console: each ChatLog row becomes a conversation whose external_id is the sheet's session_id,
-- so imported rows stay traceable and a second import of the same (or a newer) export finds
-- what it already stored. The fingerprint of the row's cells tells a later import whether the
-- sheet row changed since (such changes are reported, not applied: see README).
--
-- Both columns are NULL for conversations that started in Switchboard. The table stays under the
-- forced row-level security of 0002; the unique index is per organisation, so two organisations
-- may import sheets with the same session ids.

ALTER TABLE switchboard.conversations
    ADD COLUMN external_id          text,
    ADD COLUMN external_fingerprint text;

COMMENT ON COLUMN switchboard.conversations.external_id IS 'Id of the conversation in the system it was imported from (the old sheet''s session_id); NULL when it started here.';
COMMENT ON COLUMN switchboard.conversations.external_fingerprint IS 'Fingerprint of the imported sheet row''s cells, to report rows that changed in a later export; NULL when not imported.';

CREATE UNIQUE INDEX conversations_external_id ON switchboard.conversations (org_id, external_id)
    WHERE external_id IS NOT NULL;
COMMENT ON INDEX switchboard.conversations_external_id IS 'One conversation per external id and organisation: what makes a repeated import change nothing.';

-- The ChatLog transcript keeps a multi-line message's line breaks (0004 turned them into spaces),
-- so an imported chat_log reads back as the sheet had it. The columns are unchanged.
CREATE OR REPLACE VIEW reporting.chat_log WITH (security_invoker = true) AS
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
-- A multi-line message keeps its line breaks, as the sheet's continuation lines did (CRLF and CR
-- become LF); only a line break before text that would read as a speaker's prefix becomes a
-- space, so a message still cannot forge another speaker's line.
LEFT JOIN LATERAL (
    SELECT string_agg(
               CASE m.author_kind
                   WHEN 'customer' THEN 'Customer: '
                   WHEN 'ai'       THEN 'AI: '
                   ELSE 'Agent[' || COALESCE(a.display_name, 'Agent') || ']: '
               END || regexp_replace(regexp_replace(m.body, '\r\n?', E'\n', 'g'),
                                    '\n(?=Customer:|AI:|Agent\[[^][]*[^][[:space:]][^][]*\]:)', ' ', 'g'),
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

COMMENT ON COLUMN reporting.chat_log.chat_log IS 'The whole transcript in order, each message starting "Customer: ", "AI: " or "Agent[Name]: "; a multi-line message continues on lines without a prefix (line breaks as LF), and a line break before text that would read as a prefix becomes a space. System notices are left out. Empty when there are no messages.';
