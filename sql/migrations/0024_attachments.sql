-- 0024 — attachments: images and PDFs customers and agents send in a conversation, kept in
-- PostgreSQL beside it (so backups, tenancy and clean-up cover them) and served only to that
-- conversation's customer and the organisation's agents. A message names its file.

CREATE TABLE switchboard.attachments (
    org_id          uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    attachment_id   uuid        NOT NULL DEFAULT gen_random_uuid(),
    conversation_id uuid        NOT NULL,
    file_name       text        NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 200),
    content_type    text        NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf')),
    byte_size       integer     NOT NULL CHECK (byte_size BETWEEN 1 AND 5242880),
    data            bytea       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, attachment_id),
    FOREIGN KEY (org_id, conversation_id) REFERENCES switchboard.conversations (org_id, conversation_id) ON DELETE CASCADE,
    CHECK (octet_length(data) = byte_size)
);
COMMENT ON TABLE switchboard.attachments IS 'Files sent in a conversation: images and PDFs up to 5 MiB, their type recognised from their first bytes.';
COMMENT ON COLUMN switchboard.attachments.file_name IS 'The name as the sender''s device gave it, cleaned (no path, no control characters).';
COMMENT ON COLUMN switchboard.attachments.content_type IS 'Recognised from the file''s first bytes, not from what the browser declared.';

ALTER TABLE switchboard.messages
    ADD COLUMN attachment_id uuid,
    ADD CONSTRAINT messages_attachment FOREIGN KEY (org_id, attachment_id) REFERENCES switchboard.attachments (org_id, attachment_id);
COMMENT ON COLUMN switchboard.messages.attachment_id IS 'The file this message sends, if any (its body is the file''s name).';

CREATE POLICY app_current_org ON switchboard.attachments TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.attachments ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.attachments FORCE ROW LEVEL SECURITY;

GRANT SELECT, INSERT, UPDATE, DELETE ON switchboard.attachments TO switchboard_app;
