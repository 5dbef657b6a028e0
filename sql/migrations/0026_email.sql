-- 0026 — email: an organisation's SMTP server, an outbox of emails to customers (an agent's reply
-- when the customer has left the chat, a transcript an agent sends), and where customers are.
--
-- The SMTP password is stored sealed (AES-GCM under a key derived from SWITCHBOARD_SECRET), like
-- the SSO client secret and the AI provider key; no response, log or audit entry carries it.
-- The server's email worker claims due outbox rows (FOR UPDATE SKIP LOCKED with a lease, as the
-- webhook worker does), sends them through the organisation's server and retries with backoff.

CREATE TABLE switchboard.email_settings (
    org_id              uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    enabled             boolean     NOT NULL DEFAULT false,
    host                text        NOT NULL DEFAULT '' CHECK (char_length(host) <= 253 AND host !~ '[[:space:]]'),
    port                integer     NOT NULL DEFAULT 587 CHECK (port BETWEEN 1 AND 65535),
    security            text        NOT NULL DEFAULT 'starttls' CHECK (security IN ('none', 'starttls', 'tls')),
    username            text        NOT NULL DEFAULT '' CHECK (char_length(username) <= 320 AND username !~ '[\r\n]'),
    password_sealed     bytea,
    from_address        text        NOT NULL DEFAULT '' CHECK (char_length(from_address) <= 320 AND from_address !~ '[\r\n]'),
    from_name           text        NOT NULL DEFAULT '' CHECK (char_length(from_name) <= 100 AND from_name !~ '[\r\n]'),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    updated_by_agent_id uuid,
    PRIMARY KEY (org_id),
    FOREIGN KEY (org_id, updated_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id),
    CONSTRAINT enabled_has_server CHECK (NOT enabled OR (host <> '' AND from_address <> ''))
);
COMMENT ON TABLE switchboard.email_settings IS 'Each organisation''s SMTP server for emails to customers; no row or enabled = false: no email is sent.';
COMMENT ON COLUMN switchboard.email_settings.security IS 'none (plain; loopback only when a username is set), starttls (upgrade after EHLO, required), tls (implicit TLS, port 465).';
COMMENT ON COLUMN switchboard.email_settings.password_sealed IS 'The SMTP password, AES-GCM sealed under a key derived from SWITCHBOARD_SECRET (nonce, ciphertext, tag); NULL when none.';
COMMENT ON COLUMN switchboard.email_settings.from_address IS 'The envelope sender and From address.';

CREATE TABLE switchboard.email_outbox (
    org_id                uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    email_id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    conversation_id       uuid        NOT NULL,
    kind                  text        NOT NULL CHECK (kind IN ('agent_reply', 'transcript')),
    recipient             text        NOT NULL CHECK (char_length(recipient) BETWEEN 3 AND 320 AND recipient !~ '[\r\n]'),
    subject               text        NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 200 AND subject !~ '[\r\n]'),
    body                  text        NOT NULL CHECK (char_length(body) BETWEEN 1 AND 200000),
    message_seq           bigint,
    requested_by_agent_id uuid,
    status                text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts              integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at       timestamptz NOT NULL DEFAULT now(),
    claim_id              uuid,
    last_error            text        CHECK (last_error IS NULL OR char_length(last_error) <= 300),
    created_at            timestamptz NOT NULL DEFAULT now(),
    last_attempt_at       timestamptz,
    sent_at               timestamptz,
    PRIMARY KEY (org_id, email_id),
    FOREIGN KEY (org_id, conversation_id) REFERENCES switchboard.conversations (org_id, conversation_id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, requested_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id),
    CONSTRAINT sent_has_sent_at CHECK (status <> 'sent' OR sent_at IS NOT NULL),
    CONSTRAINT reply_names_message CHECK (kind <> 'agent_reply' OR message_seq IS NOT NULL)
);
COMMENT ON TABLE switchboard.email_outbox IS 'Emails to customers and their delivery state: an agent''s reply the customer was not there to read, or a transcript an agent sent.';
COMMENT ON COLUMN switchboard.email_outbox.kind IS 'agent_reply (the reply with a transcript excerpt, queued when the customer had left) or transcript (an agent sent the whole chat).';
COMMENT ON COLUMN switchboard.email_outbox.body IS 'The plain-text body, exactly as sent (customer text included: purged with the conversation and after the retention period).';
COMMENT ON COLUMN switchboard.email_outbox.message_seq IS 'For agent_reply: the reply''s seq; one email per reply.';
COMMENT ON COLUMN switchboard.email_outbox.status IS 'pending (waiting, being sent or retrying), sent (the server accepted it), failed (refused, or given up after the last attempt).';
COMMENT ON COLUMN switchboard.email_outbox.next_attempt_at IS 'When the row is due; a claim moves it a lease ahead, so a worker that dies mid-send releases it.';
COMMENT ON COLUMN switchboard.email_outbox.last_error IS 'Short reason of the last failed attempt, e.g. the SMTP server''s reply code and text (never the password).';

CREATE UNIQUE INDEX email_outbox_one_per_reply ON switchboard.email_outbox (org_id, conversation_id, message_seq) WHERE kind = 'agent_reply';
CREATE INDEX email_outbox_by_conversation ON switchboard.email_outbox (org_id, conversation_id, created_at);
CREATE INDEX email_outbox_due ON switchboard.email_outbox (org_id, next_attempt_at) WHERE status = 'pending';
CREATE INDEX email_outbox_due_anywhere ON switchboard.email_outbox (next_attempt_at, org_id) WHERE status = 'pending';
CREATE INDEX email_outbox_failures ON switchboard.email_outbox (org_id, last_attempt_at DESC) WHERE last_error IS NOT NULL;

CREATE TABLE switchboard.customer_presence (
    org_id          uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    conversation_id uuid        NOT NULL,
    seen_at         timestamptz NOT NULL DEFAULT now(),
    left_at         timestamptz,
    PRIMARY KEY (org_id, conversation_id),
    FOREIGN KEY (org_id, conversation_id) REFERENCES switchboard.conversations (org_id, conversation_id) ON DELETE CASCADE
);
COMMENT ON TABLE switchboard.customer_presence IS 'Whether a conversation''s customer has the widget open: its socket''s instance refreshes seen_at every 30 s and sets left_at when the last socket closes.';
COMMENT ON COLUMN switchboard.customer_presence.left_at IS 'When the customer''s last socket closed; NULL while one is open (seen_at then says the instance is alive).';

CREATE POLICY app_current_org ON switchboard.email_settings TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.email_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.email_settings FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.email_outbox TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.email_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.email_outbox FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.customer_presence TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.customer_presence ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.customer_presence FORCE ROW LEVEL SECURITY;

GRANT SELECT, INSERT, UPDATE, DELETE ON switchboard.email_settings, switchboard.email_outbox, switchboard.customer_presence
    TO switchboard_app;

-- The email worker serves every organisation but the server's role sees rows only under a
-- tenant: this look-up names the organisations with due emails (ids only), and the worker then
-- claims each one's rows under its tenant, as for webhooks.
CREATE POLICY owner_tenant_lookup ON switchboard.email_outbox FOR SELECT TO switchboard_owner USING (true);

CREATE FUNCTION switchboard.org_ids_with_due_emails() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = switchboard, pg_temp
    AS $$ SELECT DISTINCT e.org_id FROM switchboard.email_outbox e
          WHERE e.status = 'pending' AND e.next_attempt_at <= pg_catalog.now() $$;
COMMENT ON FUNCTION switchboard.org_ids_with_due_emails() IS
    'SECURITY DEFINER: the email worker serves every organisation; returns only the ids of organisations with pending emails due now, and the worker claims their rows under each tenant.';
REVOKE ALL ON FUNCTION switchboard.org_ids_with_due_emails() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard.org_ids_with_due_emails() TO switchboard_app;
