-- 0001 — base tables for the whole product.
--
-- Applied by the migrator as switchboard_owner inside one transaction. Tenancy rules: every tenant
-- table has org_id, a primary key that starts with org_id, and foreign keys that include org_id,
-- so the schema can later be distributed by org_id. Row-level security follows in 0002.
-- Agents are disabled (disabled_at), not deleted: references to them from history use the default
-- NO ACTION, so deleting an agent who appears in history fails instead of rewriting that history.

CREATE SCHEMA IF NOT EXISTS switchboard;
CREATE SCHEMA reporting;

COMMENT ON SCHEMA switchboard IS 'Switchboard base tables; read and written by the server (switchboard_app) under row-level security.';
COMMENT ON SCHEMA reporting IS 'Read-only views for analysts and the console, named after the old spreadsheet''s tabs and columns.';

-- The tenant of the current transaction. NULLIF matters: after a SET LOCAL or set_config(..., true)
-- ends, the setting reverts to '' rather than NULL, and ''::uuid would raise an error.
CREATE FUNCTION switchboard.current_org_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(pg_catalog.current_setting('app.org_id', true), '')::uuid $$;

COMMENT ON FUNCTION switchboard.current_org_id() IS
    'The organisation this transaction acts for (app.org_id, set with set_config(''app.org_id'', $1, true)); NULL when unset, so policies match nothing.';

-- Organisations and their settings -------------------------------------------------------------

CREATE TABLE switchboard.organisations (
    org_id      uuid        NOT NULL DEFAULT gen_random_uuid(),
    slug        text        NOT NULL,
    name        text        NOT NULL CHECK (btrim(name) <> ''),
    is_demo     boolean     NOT NULL DEFAULT false,
    -- Public key in the widget's <script> tag; 32 hex characters from a random uuid (no pgcrypto).
    widget_key  text        NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', ''),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id),
    UNIQUE (slug),
    UNIQUE (widget_key),
    CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
    CHECK (char_length(widget_key) >= 16)
);
COMMENT ON TABLE switchboard.organisations IS 'One row per tenant. Its own org_id is the tenant key, so row-level security applies to it like any tenant table.';

CREATE TABLE switchboard.agents (
    org_id                uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    agent_id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    sso_issuer            text        NOT NULL,
    sso_subject           text        NOT NULL,
    email                 text,
    sign_in_name          text,
    display_name_override text,
    -- What customers and colleagues see ("Carol joined"); never empty.
    display_name          text        NOT NULL GENERATED ALWAYS AS (
                              COALESCE(NULLIF(btrim(display_name_override), ''),
                                       NULLIF(btrim(sign_in_name), ''),
                                       NULLIF(btrim(email), ''),
                                       'Agent')) STORED,
    role                  text        NOT NULL DEFAULT 'agent' CHECK (role IN ('agent', 'supervisor', 'admin')),
    disabled_at           timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    last_sign_in_at       timestamptz,
    PRIMARY KEY (org_id, agent_id),
    UNIQUE (org_id, sso_issuer, sso_subject)
);
COMMENT ON TABLE switchboard.agents IS 'People who sign in to the console through their organisation''s single sign-on. Disabled, never deleted, once they appear in history.';
COMMENT ON COLUMN switchboard.agents.sign_in_name IS 'Display name from the sign-in (the OpenID Connect name claim), refreshed at each sign-in.';
COMMENT ON COLUMN switchboard.agents.display_name_override IS 'Name the agent chose in the console; wins over sign_in_name when not empty.';
COMMENT ON COLUMN switchboard.agents.display_name IS 'Override, else sign-in name, else email, else ''Agent''.';

CREATE TABLE switchboard.organisation_settings (
    org_id                 uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    ai_chat_enabled        boolean     NOT NULL DEFAULT true,
    time_zone              text        NOT NULL DEFAULT 'UTC',
    widget_allowed_origins text[]      NOT NULL DEFAULT '{}',
    business_hours         jsonb       NOT NULL DEFAULT '{"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]], "wed": [["09:00", "17:00"]], "thu": [["09:00", "17:00"]], "fri": [["09:00", "17:00"]], "sat": [], "sun": []}',
    idle_close_minutes     integer     NOT NULL DEFAULT 30 CHECK (idle_close_minutes > 0),
    answer_threshold       real        NOT NULL DEFAULT 0.1 CHECK (answer_threshold >= 0),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    updated_by_agent_id    uuid,
    PRIMARY KEY (org_id),
    FOREIGN KEY (org_id, updated_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id),
    CHECK (jsonb_typeof(business_hours) = 'object')
);
COMMENT ON TABLE switchboard.organisation_settings IS 'Per-organisation settings, one row per organisation; create it with the organisation (INSERT (org_id) takes every default).';
COMMENT ON COLUMN switchboard.organisation_settings.time_zone IS 'IANA time zone name used for business hours and for the console''s local times.';
COMMENT ON COLUMN switchboard.organisation_settings.business_hours IS 'Opening hours in time_zone: {"mon": [["09:00","17:00"]], ..., "sun": []}; several ranges per day allowed.';
COMMENT ON COLUMN switchboard.organisation_settings.idle_close_minutes IS 'Minutes without a message after which an open conversation is closed automatically.';
COMMENT ON COLUMN switchboard.organisation_settings.answer_threshold IS 'Minimum full-text rank for the built-in engine to answer from an article.';

-- Customers and conversations ------------------------------------------------------------------

CREATE TABLE switchboard.contacts (
    org_id     uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    contact_id uuid        NOT NULL DEFAULT gen_random_uuid(),
    name       text,
    email      text,
    phone      text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, contact_id)
);
COMMENT ON TABLE switchboard.contacts IS 'Customer details the AI captured from the chat text (the ChatLog''s customer_name, customer_email, customer_phone).';

CREATE TABLE switchboard.conversations (
    org_id               uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    conversation_id      uuid        NOT NULL DEFAULT gen_random_uuid(),
    contact_id           uuid,
    mode                 text        NOT NULL DEFAULT 'ai'
                                     CHECK (mode IN ('ai', 'needs', 'live', 'review', 'followup', 'closed', 'archived')),
    owner_agent_id       uuid,
    page_url             text,
    context              jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(context) = 'object'),
    handoff_requested    boolean     NOT NULL DEFAULT false,
    handoff_reason       text,
    handoff_requested_at timestamptz,
    status               text        CHECK (status IN ('after-hours', 'agent-handled')),
    name_provided        text,
    email_provided       text,
    owner_changes        integer     NOT NULL DEFAULT 0 CHECK (owner_changes >= 0),
    last_seq             bigint      NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    message_count        integer     NOT NULL DEFAULT 0 CHECK (message_count >= 0),
    ai_unanswered_count  integer     NOT NULL DEFAULT 0 CHECK (ai_unanswered_count >= 0),
    started_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    last_message_at      timestamptz,
    closed_at            timestamptz,
    archived_at          timestamptz,
    closed_by_agent_id   uuid,
    close_reviewed       boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (org_id, conversation_id),
    -- Deleting a contact (an erasure request) keeps the conversation; only contact_id is cleared.
    FOREIGN KEY (org_id, contact_id) REFERENCES switchboard.contacts (org_id, contact_id) ON DELETE SET NULL (contact_id),
    FOREIGN KEY (org_id, owner_agent_id) REFERENCES switchboard.agents (org_id, agent_id),
    FOREIGN KEY (org_id, closed_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id),
    CONSTRAINT live_needs_owner CHECK (mode <> 'live' OR owner_agent_id IS NOT NULL),
    CONSTRAINT closed_has_closed_at CHECK (mode NOT IN ('followup', 'closed', 'archived') OR closed_at IS NOT NULL),
    CONSTRAINT archived_has_archived_at CHECK (mode <> 'archived' OR archived_at IS NOT NULL)
);
COMMENT ON TABLE switchboard.conversations IS 'One chat between a website visitor and the organisation: its mode in the lifecycle, owner, handoff and close details, and counters.';
COMMENT ON COLUMN switchboard.conversations.mode IS 'ai, needs (waiting for a human), live (an agent owns it), review, followup, closed, archived.';
COMMENT ON COLUMN switchboard.conversations.context IS 'What the widget reported about the visitor''s page and session (JSON object).';
COMMENT ON COLUMN switchboard.conversations.status IS 'after-hours, agent-handled, or NULL while only the AI has taken part.';
COMMENT ON COLUMN switchboard.conversations.name_provided IS 'Name typed into the handoff / after-hours form.';
COMMENT ON COLUMN switchboard.conversations.email_provided IS 'Email typed into the handoff / after-hours form.';
COMMENT ON COLUMN switchboard.conversations.owner_changes IS 'Number of agent-to-agent handoffs.';
COMMENT ON COLUMN switchboard.conversations.last_seq IS 'Sequence allocator: the seq of the newest message; increment it in the same transaction as the insert.';
COMMENT ON COLUMN switchboard.conversations.ai_unanswered_count IS 'How many times the AI could not answer in this conversation.';
COMMENT ON COLUMN switchboard.conversations.updated_at IS 'Last change of mode or owner (not of messages; see last_message_at).';
COMMENT ON COLUMN switchboard.conversations.close_reviewed IS 'The closing agent confirmed "chat reviewed".';

CREATE INDEX conversations_by_mode ON switchboard.conversations (org_id, mode, updated_at DESC);
CREATE INDEX conversations_by_start ON switchboard.conversations (org_id, started_at);
CREATE INDEX conversations_by_owner ON switchboard.conversations (org_id, owner_agent_id) WHERE owner_agent_id IS NOT NULL;
CREATE INDEX conversations_by_contact ON switchboard.conversations (org_id, contact_id) WHERE contact_id IS NOT NULL;

CREATE TABLE switchboard.messages (
    org_id            uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    conversation_id   uuid        NOT NULL,
    seq               bigint      NOT NULL CHECK (seq > 0),
    author_kind       text        NOT NULL CHECK (author_kind IN ('customer', 'ai', 'agent', 'system')),
    agent_id          uuid,
    body              text        NOT NULL,
    client_message_id text,
    ai_outcome        text        CHECK (ai_outcome IN ('answered', 'not_sure')),
    ai_article_ids    uuid[]      NOT NULL DEFAULT '{}',
    ai_confidence     real,
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, conversation_id, seq),
    FOREIGN KEY (org_id, conversation_id) REFERENCES switchboard.conversations (org_id, conversation_id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, agent_id) REFERENCES switchboard.agents (org_id, agent_id),
    -- A resent message with a client id already stored is not stored again (NULLs never collide).
    UNIQUE (org_id, conversation_id, client_message_id),
    CONSTRAINT agent_message_names_agent CHECK (author_kind <> 'agent' OR agent_id IS NOT NULL),
    CONSTRAINT ai_fields_only_on_ai CHECK (author_kind = 'ai' OR ai_outcome IS NULL),
    -- People type at most 4000 characters; AI answers and system notices may run to 8000.
    CONSTRAINT body_length CHECK (
        CASE WHEN author_kind IN ('customer', 'agent')
             THEN char_length(body) BETWEEN 1 AND 4000
             ELSE char_length(body) BETWEEN 1 AND 8000
        END)
);
COMMENT ON TABLE switchboard.messages IS 'Every message of a conversation, numbered by seq (1, 2, ...) so clients can resume after the last seq they saw.';
COMMENT ON COLUMN switchboard.messages.client_message_id IS 'Id the sender''s client chose; makes resending idempotent.';
COMMENT ON COLUMN switchboard.messages.ai_outcome IS 'For AI messages: answered, or not_sure when the AI could not answer.';
COMMENT ON COLUMN switchboard.messages.ai_article_ids IS 'Knowledge-base articles the AI answer used.';

CREATE TABLE switchboard.ownership_events (
    org_id          uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    event_id        uuid        NOT NULL DEFAULT gen_random_uuid(),
    conversation_id uuid        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('take_over', 'transfer', 'hand_back', 'close')),
    from_agent_id   uuid,
    to_agent_id     uuid,
    at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, event_id),
    FOREIGN KEY (org_id, conversation_id) REFERENCES switchboard.conversations (org_id, conversation_id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, from_agent_id) REFERENCES switchboard.agents (org_id, agent_id),
    FOREIGN KEY (org_id, to_agent_id) REFERENCES switchboard.agents (org_id, agent_id),
    CHECK (kind NOT IN ('take_over', 'transfer') OR to_agent_id IS NOT NULL),
    CHECK (kind <> 'transfer' OR from_agent_id IS NOT NULL)
);
COMMENT ON TABLE switchboard.ownership_events IS 'Owner history: take-overs from the AI, agent-to-agent transfers, hand-backs to the AI and closes, with who and when.';
COMMENT ON COLUMN switchboard.ownership_events.from_agent_id IS 'Previous owner; NULL when the AI had it.';
COMMENT ON COLUMN switchboard.ownership_events.to_agent_id IS 'New owner; NULL when it went back to the AI or was closed.';

CREATE INDEX ownership_events_by_conversation ON switchboard.ownership_events (org_id, conversation_id, at);

-- Review flags, each saved the moment it changes ------------------------------------------------

CREATE TABLE switchboard.qa_reviews (
    org_id               uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    conversation_id      uuid        NOT NULL,
    flagged_incorrect    boolean     NOT NULL DEFAULT false,
    correction_note      text,
    flagged_by_agent_id  uuid,
    flagged_at           timestamptz,
    correction_reviewed  boolean     NOT NULL DEFAULT false,
    reviewed_by_agent_id uuid,
    reviewed_at          timestamptz,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, conversation_id),
    FOREIGN KEY (org_id, conversation_id) REFERENCES switchboard.conversations (org_id, conversation_id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, flagged_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id),
    FOREIGN KEY (org_id, reviewed_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id)
);
COMMENT ON TABLE switchboard.qa_reviews IS 'AI answer quality: "AI answered incorrectly", the correction note, and whether the knowledge-base fix was confirmed. At most one row per conversation.';

CREATE TABLE switchboard.kb_updates (
    org_id              uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    conversation_id     uuid        NOT NULL,
    update_needed       boolean     NOT NULL DEFAULT false,
    note                text,
    flagged_by_agent_id uuid,
    flagged_at          timestamptz,
    updated             boolean     NOT NULL DEFAULT false,
    updated_by_agent_id uuid,
    updated_at          timestamptz,
    PRIMARY KEY (org_id, conversation_id),
    FOREIGN KEY (org_id, conversation_id) REFERENCES switchboard.conversations (org_id, conversation_id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, flagged_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id),
    FOREIGN KEY (org_id, updated_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id)
);
COMMENT ON TABLE switchboard.kb_updates IS 'Knowledge-base review queue: "knowledge base needs updating" and whether it has been updated. At most one row per conversation.';
COMMENT ON COLUMN switchboard.kb_updates.updated_at IS 'When the knowledge base was marked updated (NULL until then).';

CREATE TABLE switchboard.followups (
    org_id              uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    conversation_id     uuid        NOT NULL,
    needed              boolean     NOT NULL DEFAULT false,
    note                text,
    flagged_by_agent_id uuid,
    flagged_at          timestamptz,
    done                boolean     NOT NULL DEFAULT false,
    done_note           text,
    done_by_agent_id    uuid,
    done_at             timestamptz,
    PRIMARY KEY (org_id, conversation_id),
    FOREIGN KEY (org_id, conversation_id) REFERENCES switchboard.conversations (org_id, conversation_id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, flagged_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id),
    FOREIGN KEY (org_id, done_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id)
);
COMMENT ON TABLE switchboard.followups IS 'Follow-up work (sales, tech) flagged on a conversation and its resolution. At most one row per conversation.';

-- Presence ----------------------------------------------------------------------------------

CREATE TABLE switchboard.presence (
    org_id            uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    agent_id          uuid        NOT NULL,
    last_heartbeat_at timestamptz,
    open_sockets      integer     NOT NULL DEFAULT 0 CHECK (open_sockets >= 0),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, agent_id),
    FOREIGN KEY (org_id, agent_id) REFERENCES switchboard.agents (org_id, agent_id) ON DELETE CASCADE
);
COMMENT ON TABLE switchboard.presence IS 'Agent presence: consoles send a heartbeat every 2 minutes; open_sockets counts live console WebSockets across server instances.';

-- One definition of "online" for the console, the handoff rules and reporting.presence.
CREATE FUNCTION switchboard.agent_is_online(last_heartbeat_at timestamptz, open_sockets integer) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT COALESCE(open_sockets, 0) > 0
                 OR COALESCE(last_heartbeat_at >= pg_catalog.now() - interval '5 minutes', false) $$;

COMMENT ON FUNCTION switchboard.agent_is_online(timestamptz, integer) IS
    'Online = a heartbeat within 5 minutes (two missed 2-minute beats) or at least one open console socket.';

-- Knowledge base and playbook ---------------------------------------------------------------

CREATE TABLE switchboard.kb_articles (
    org_id              uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    article_id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    external_id         text,
    title               text        NOT NULL,
    body                text        NOT NULL,
    section             text,
    url                 text,
    search              tsvector    NOT NULL GENERATED ALWAYS AS (
                            setweight(to_tsvector('english', COALESCE(title, '')), 'A') ||
                            setweight(to_tsvector('english', COALESCE(section, '')), 'B') ||
                            setweight(to_tsvector('english', COALESCE(body, '')), 'C')) STORED,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    updated_by_agent_id uuid,
    PRIMARY KEY (org_id, article_id),
    UNIQUE (org_id, external_id),
    FOREIGN KEY (org_id, updated_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id)
);
COMMENT ON TABLE switchboard.kb_articles IS 'The organisation''s knowledge base; the built-in answer engine ranks these with full-text search on search.';
COMMENT ON COLUMN switchboard.kb_articles.external_id IS 'Id in the system the article was imported from, for upserts through the API; unique per organisation.';
COMMENT ON COLUMN switchboard.kb_articles.search IS 'Weighted English text vector: title A, section B, body C.';

CREATE INDEX kb_articles_search ON switchboard.kb_articles USING gin (search);

CREATE TABLE switchboard.playbook_entries (
    org_id              uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    entry_id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    section             text        NOT NULL,
    phrase              text        NOT NULL,
    answer              text        NOT NULL,
    owner               text,
    position            integer     NOT NULL DEFAULT 0,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    updated_by_agent_id uuid,
    PRIMARY KEY (org_id, entry_id),
    FOREIGN KEY (org_id, updated_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id)
);
COMMENT ON TABLE switchboard.playbook_entries IS 'Customer Service Playbook: quick-reference phrases and answers by section, with who owns the topic.';
COMMENT ON COLUMN switchboard.playbook_entries.owner IS 'Who handles it, in the team''s words: ''Sales'', ''Support Team'', ''Agent''.';

CREATE INDEX playbook_entries_by_section ON switchboard.playbook_entries (org_id, section, position);

-- AI system test plan -------------------------------------------------------------------------

CREATE TABLE switchboard.test_plan_items (
    org_id          uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    item_id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    position        integer     NOT NULL DEFAULT 0,
    title           text        NOT NULL,
    steps           text,
    expected_result text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, item_id)
);
COMMENT ON TABLE switchboard.test_plan_items IS 'AI System Test Plan: the checks to work through before go-live.';

CREATE INDEX test_plan_items_by_position ON switchboard.test_plan_items (org_id, position);

CREATE TABLE switchboard.test_results (
    org_id          uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    result_id       uuid        NOT NULL DEFAULT gen_random_uuid(),
    item_id         uuid        NOT NULL,
    outcome         text        NOT NULL CHECK (outcome IN ('pass', 'fail')),
    note            text,
    tester_agent_id uuid,
    tested_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, result_id),
    FOREIGN KEY (org_id, item_id) REFERENCES switchboard.test_plan_items (org_id, item_id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, tester_agent_id) REFERENCES switchboard.agents (org_id, agent_id)
);
COMMENT ON TABLE switchboard.test_results IS 'Pass / fail marks on test plan items; the newest per item is its current result.';

CREATE INDEX test_results_by_item ON switchboard.test_results (org_id, item_id, tested_at DESC);

-- Access: API keys and console sessions ----------------------------------------------------------

CREATE TABLE switchboard.api_keys (
    org_id              uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    key_id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    name                text        NOT NULL,
    prefix              text        NOT NULL,
    key_hash            bytea       NOT NULL,
    scopes              text[]      NOT NULL DEFAULT '{}',
    created_by_agent_id uuid,
    created_at          timestamptz NOT NULL DEFAULT now(),
    last_used_at        timestamptz,
    revoked_at          timestamptz,
    PRIMARY KEY (org_id, key_id),
    -- Globally unique: the prefix is how a request's key is found before its organisation is known.
    UNIQUE (prefix),
    FOREIGN KEY (org_id, created_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id),
    -- <@ is false for NULL elements too, so every scope must be one of these.
    CONSTRAINT scopes_known CHECK (scopes <@ ARRAY['conversations:read', 'conversations:write', 'kb:write', 'analytics:read', 'admin']::text[])
);
COMMENT ON TABLE switchboard.api_keys IS 'REST API keys per organisation. Only a hash of the secret is stored; the prefix finds the key.';

CREATE TABLE switchboard.web_sessions (
    org_id       uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    session_id   uuid        NOT NULL DEFAULT gen_random_uuid(),
    agent_id     uuid        NOT NULL,
    token_hash   bytea       NOT NULL,
    csrf_token   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    user_agent   text,
    PRIMARY KEY (org_id, session_id),
    UNIQUE (token_hash),
    FOREIGN KEY (org_id, agent_id) REFERENCES switchboard.agents (org_id, agent_id) ON DELETE CASCADE
);
COMMENT ON TABLE switchboard.web_sessions IS 'Console sign-in sessions. The cookie carries the token; only its hash is stored.';

CREATE INDEX web_sessions_by_agent ON switchboard.web_sessions (org_id, agent_id);
CREATE INDEX web_sessions_by_expiry ON switchboard.web_sessions (org_id, expires_at);

CREATE TABLE switchboard.audit_log (
    org_id      uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    audit_id    bigint      GENERATED ALWAYS AS IDENTITY,
    actor_kind  text        NOT NULL CHECK (actor_kind IN ('agent', 'api_key', 'system', 'cli', 'customer')),
    actor_id    text,
    action      text        NOT NULL,
    target_kind text,
    target_id   text,
    details     jsonb       NOT NULL DEFAULT '{}',
    at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, audit_id)
);
COMMENT ON TABLE switchboard.audit_log IS 'Who did what, when: settings changes, key and agent administration, clean-ups. Append-only for the server.';

CREATE INDEX audit_log_by_time ON switchboard.audit_log (org_id, at DESC);

-- Analyst access ------------------------------------------------------------------------------

CREATE TABLE switchboard.analyst_grants (
    role_name  name        NOT NULL,
    org_id     uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (role_name, org_id)
);
COMMENT ON TABLE switchboard.analyst_grants IS 'Which organisations each analyst role may read in the reporting views. role_name may be one analyst''s login or a group of them; managed by switchboard_owner.';
