-- 0009 — REST API: stored responses for Idempotency-Key.
--
-- A POST to /api/v1 with an Idempotency-Key header is run once per key and API key; a retry
-- within 24 hours gets the stored response again. The request hash catches a key reused for a
-- different request. Rows older than 24 hours are ignored and replaced by the next use of the key.

CREATE TABLE switchboard.api_idempotency_keys (
    org_id          uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    key_id          uuid        NOT NULL,
    idempotency_key text        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    request_hash    bytea       NOT NULL,
    response_status integer,
    response_body   bytea,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, key_id, idempotency_key),
    FOREIGN KEY (org_id, key_id) REFERENCES switchboard.api_keys (org_id, key_id) ON DELETE CASCADE
);
COMMENT ON TABLE switchboard.api_idempotency_keys IS 'Responses of REST API POSTs sent with an Idempotency-Key header, kept 24 hours so a retry is answered without running the request again.';
COMMENT ON COLUMN switchboard.api_idempotency_keys.key_id IS 'The API key that sent the request; keys of different API keys never collide.';
COMMENT ON COLUMN switchboard.api_idempotency_keys.idempotency_key IS 'The client''s Idempotency-Key header value.';
COMMENT ON COLUMN switchboard.api_idempotency_keys.request_hash IS 'SHA-256 of method, path and body; a retry with another request is refused.';
COMMENT ON COLUMN switchboard.api_idempotency_keys.response_status IS 'HTTP status of the stored response; NULL while the first request is still running.';
COMMENT ON COLUMN switchboard.api_idempotency_keys.response_body IS 'Body of the stored response (JSON).';
COMMENT ON COLUMN switchboard.api_idempotency_keys.created_at IS 'When the first request arrived; the entry counts for 24 hours from then.';

CREATE INDEX api_idempotency_keys_by_age ON switchboard.api_idempotency_keys (org_id, created_at);

CREATE POLICY app_current_org ON switchboard.api_idempotency_keys TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.api_idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.api_idempotency_keys FORCE ROW LEVEL SECURITY;

GRANT SELECT, INSERT, UPDATE, DELETE ON switchboard.api_idempotency_keys TO switchboard_app;
