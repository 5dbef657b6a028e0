-- 0020 — automatic assignment: when on, chats waiting for a human go round-robin to the online
-- agents, each up to a number of live chats at once; a chat that finds everyone full waits until
-- someone has room (a close, a hand-back, an agent coming online). One row per organisation.

CREATE TABLE switchboard.assignment_settings (
    org_id              uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    enabled             boolean     NOT NULL DEFAULT false,
    max_chats_per_agent integer     NOT NULL DEFAULT 3 CHECK (max_chats_per_agent BETWEEN 1 AND 50),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    updated_by_agent_id uuid,
    PRIMARY KEY (org_id),
    FOREIGN KEY (org_id, updated_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id)
);
COMMENT ON TABLE switchboard.assignment_settings IS 'Automatic assignment of chats waiting for a human: on or off, and how many live chats an agent takes at most.';
COMMENT ON COLUMN switchboard.assignment_settings.max_chats_per_agent IS 'Live chats an agent owns at most before assignment passes them over.';

CREATE POLICY app_current_org ON switchboard.assignment_settings TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.assignment_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.assignment_settings FORCE ROW LEVEL SECURITY;

GRANT SELECT, INSERT, UPDATE, DELETE ON switchboard.assignment_settings TO switchboard_app;
