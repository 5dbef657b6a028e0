-- 0017 — internal notes: agents write to each other inside a conversation. Notes live apart from
-- messages, so nothing that serves the customer (the widget, its socket, the AI's history,
-- webhooks of messages, reporting.chat_log) can ever read one.

CREATE TABLE switchboard.conversation_notes (
    org_id          uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    note_id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    conversation_id uuid        NOT NULL,
    agent_id        uuid        NOT NULL,
    body            text        NOT NULL CHECK (char_length(body) BETWEEN 1 AND 4000),
    mentions        uuid[]      NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, note_id),
    FOREIGN KEY (org_id, conversation_id) REFERENCES switchboard.conversations (org_id, conversation_id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, agent_id) REFERENCES switchboard.agents (org_id, agent_id)
);
COMMENT ON TABLE switchboard.conversation_notes IS 'Internal notes agents add to a conversation; never sent or shown to the customer.';
COMMENT ON COLUMN switchboard.conversation_notes.agent_id IS 'The agent who wrote the note.';
COMMENT ON COLUMN switchboard.conversation_notes.body IS 'The note as typed (shown as text).';
COMMENT ON COLUMN switchboard.conversation_notes.mentions IS 'Agents the note mentions with @Name; each is told in their console.';

CREATE INDEX conversation_notes_conversation ON switchboard.conversation_notes (org_id, conversation_id, created_at);

CREATE POLICY app_current_org ON switchboard.conversation_notes TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.conversation_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.conversation_notes FORCE ROW LEVEL SECURITY;

GRANT SELECT, INSERT, UPDATE, DELETE ON switchboard.conversation_notes TO switchboard_app;
