-- 0019 — labels on conversations ("billing", "vip", "bug-report"): agents add and remove them, the
-- console filters by them, analytics counts conversations per label.

CREATE TABLE switchboard.conversation_labels (
    org_id          uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    conversation_id uuid        NOT NULL,
    label           text        NOT NULL CHECK (char_length(label) BETWEEN 1 AND 40 AND label = lower(label)),
    added_by_agent_id uuid,
    added_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, conversation_id, label),
    FOREIGN KEY (org_id, conversation_id) REFERENCES switchboard.conversations (org_id, conversation_id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, added_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id)
);
COMMENT ON TABLE switchboard.conversation_labels IS 'Labels agents put on conversations, in canonical form: lower case, letters, digits, - and _, at most 40 characters (the app checks the characters).';

-- Filtering the list by a label.
CREATE INDEX conversation_labels_by_label ON switchboard.conversation_labels (org_id, label);

CREATE POLICY app_current_org ON switchboard.conversation_labels TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
CREATE POLICY analyst_granted_orgs ON switchboard.conversation_labels FOR SELECT TO switchboard_analyst
    USING (org_id IN (SELECT g.org_id FROM switchboard.analyst_grants g WHERE switchboard.current_user_is_member_of(g.role_name)));
ALTER TABLE switchboard.conversation_labels ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.conversation_labels FORCE ROW LEVEL SECURITY;

GRANT SELECT, INSERT, UPDATE, DELETE ON switchboard.conversation_labels TO switchboard_app;
GRANT SELECT ON switchboard.conversation_labels TO switchboard_analyst;
