-- 0013 — per-organisation answer engine: the built-in engine (no row, or enabled = false) or a
-- provider speaking OpenAI's chat completions protocol (OpenAI, Azure OpenAI, Ollama, vLLM,
-- llama.cpp's server), with the built-in engine as its fallback. One row per organisation.
-- The API key is stored sealed (AES-GCM under a key derived from SWITCHBOARD_SECRET), like the
-- SSO client secret; no response, log or audit entry ever carries it.

CREATE TABLE switchboard.answer_engine_settings (
    org_id                   uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    enabled                  boolean     NOT NULL DEFAULT false,
    base_url                 text        NOT NULL DEFAULT '' CHECK (base_url = '' OR base_url ~ '^https?://[^[:space:]]+$'),
    url_query                text        NOT NULL DEFAULT '' CHECK (char_length(url_query) <= 500),
    model                    text        NOT NULL DEFAULT '' CHECK (char_length(model) <= 200),
    api_key_sealed           bytea,
    key_header               text        NOT NULL DEFAULT 'bearer' CHECK (key_header IN ('bearer', 'api-key')),
    connect_timeout_ms       integer     NOT NULL DEFAULT 2000 CHECK (connect_timeout_ms BETWEEN 100 AND 30000),
    first_token_timeout_ms   integer     NOT NULL DEFAULT 5000 CHECK (first_token_timeout_ms BETWEEN 500 AND 60000),
    total_timeout_ms         integer     NOT NULL DEFAULT 30000 CHECK (total_timeout_ms BETWEEN 1000 AND 300000),
    max_tokens               integer     NOT NULL DEFAULT 400 CHECK (max_tokens BETWEEN 16 AND 8192),
    instructions             text        NOT NULL DEFAULT '' CHECK (char_length(instructions) <= 4000),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    updated_by_agent_id      uuid,
    PRIMARY KEY (org_id),
    FOREIGN KEY (org_id, updated_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id),
    CONSTRAINT enabled_has_provider CHECK (NOT enabled OR (base_url <> '' AND btrim(model) <> '')),
    CONSTRAINT total_after_first_token CHECK (total_timeout_ms >= first_token_timeout_ms)
);
COMMENT ON TABLE switchboard.answer_engine_settings IS 'Each organisation''s answer engine: the built-in engine unless enabled names an OpenAI-compatible provider (the built-in engine stays its fallback).';
COMMENT ON COLUMN switchboard.answer_engine_settings.enabled IS 'true: the provider words the answers from the passages the built-in ranking retrieves; false: the built-in engine answers alone.';
COMMENT ON COLUMN switchboard.answer_engine_settings.base_url IS 'The provider''s API root (…/v1); /chat/completions is appended. https, or http on loopback only.';
COMMENT ON COLUMN switchboard.answer_engine_settings.url_query IS 'Query string added to every request (Azure''s api-version=…), without the ?.';
COMMENT ON COLUMN switchboard.answer_engine_settings.api_key_sealed IS 'The API key, AES-GCM sealed under a key derived from SWITCHBOARD_SECRET (nonce, ciphertext, tag); NULL when the provider needs none.';
COMMENT ON COLUMN switchboard.answer_engine_settings.key_header IS 'How the key is sent: bearer (Authorization: Bearer) or api-key (Azure).';
COMMENT ON COLUMN switchboard.answer_engine_settings.first_token_timeout_ms IS 'No text by then: the built-in engine answers instead.';
COMMENT ON COLUMN switchboard.answer_engine_settings.instructions IS 'The organisation''s own instructions (tone, name, language); fixed platform rules sit above them.';

CREATE POLICY app_current_org ON switchboard.answer_engine_settings TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.answer_engine_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.answer_engine_settings FORCE ROW LEVEL SECURITY;

GRANT SELECT, INSERT, UPDATE, DELETE ON switchboard.answer_engine_settings TO switchboard_app;
