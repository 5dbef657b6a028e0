-- 0006 — single sign-on: each organisation's OpenID Connect provider, and the demo marker.
--
-- Agents sign in to the console through their organisation's provider (authorization code flow
-- with PKCE). The client secret is stored sealed (AES-GCM under a key derived from the server's
-- SWITCHBOARD_SECRET), so a database dump alone does not reveal it; rotating SWITCHBOARD_SECRET
-- means re-entering every organisation's client secret.

CREATE TABLE switchboard.sso_configurations (
    org_id               uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    issuer               text        NOT NULL CHECK (issuer ~ '^https?://[^[:space:]]+$'),
    client_id            text        NOT NULL CHECK (btrim(client_id) <> ''),
    client_secret_sealed bytea       NOT NULL,
    token_auth_method    text        NOT NULL DEFAULT 'client_secret_basic'
                                     CHECK (token_auth_method IN ('client_secret_basic', 'client_secret_post')),
    scopes               text[]      NOT NULL DEFAULT '{openid,email,profile}' CHECK ('openid' = ANY (scopes)),
    role_claim           text        CHECK (role_claim IS NULL OR btrim(role_claim) <> ''),
    allowed_algorithms   text[]      NOT NULL DEFAULT '{RS256,ES256}'
                                     CHECK (cardinality(allowed_algorithms) > 0
                                            AND allowed_algorithms <@ '{RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512,EdDSA}'),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    updated_by_agent_id  uuid,
    PRIMARY KEY (org_id),
    FOREIGN KEY (org_id, updated_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id)
);
COMMENT ON TABLE switchboard.sso_configurations IS 'The OpenID Connect provider each organisation''s agents sign in with; one row per organisation.';
COMMENT ON COLUMN switchboard.sso_configurations.issuer IS 'The provider''s issuer URL; its /.well-known/openid-configuration is read from there and ID tokens must name it in iss.';
COMMENT ON COLUMN switchboard.sso_configurations.client_id IS 'Switchboard''s client id at the provider; ID tokens must name it in aud.';
COMMENT ON COLUMN switchboard.sso_configurations.client_secret_sealed IS 'The client secret, AES-GCM sealed under a key derived from SWITCHBOARD_SECRET (nonce, ciphertext, tag); rotating that secret means re-entering this one.';
COMMENT ON COLUMN switchboard.sso_configurations.token_auth_method IS 'How the client authenticates at the token endpoint: client_secret_basic (HTTP Basic) or client_secret_post (form fields).';
COMMENT ON COLUMN switchboard.sso_configurations.scopes IS 'Scopes requested at sign-in; always includes openid.';
COMMENT ON COLUMN switchboard.sso_configurations.role_claim IS 'ID-token claim holding the agent''s role (agent, supervisor or admin); NULL keeps the role stored in Switchboard.';
COMMENT ON COLUMN switchboard.sso_configurations.allowed_algorithms IS 'Signature algorithms accepted on ID tokens; asymmetric only (never none or HS*).';

CREATE POLICY app_current_org ON switchboard.sso_configurations TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.sso_configurations ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.sso_configurations FORCE ROW LEVEL SECURITY;

GRANT SELECT, INSERT, UPDATE, DELETE ON switchboard.sso_configurations TO switchboard_app;

-- Development sign-in (no provider, pick an agent from a list) is for the embedded demo cluster
-- only. ops/demo marks its own database with ALTER DATABASE … SET switchboard.embedded_demo = 'on'.
-- Any role can SET a custom setting for its own session, so the server does not read
-- current_setting(): it reads the database-wide default from the catalog and also requires that
-- the database belongs to a superuser, so only a superuser can have put the marker there.
CREATE FUNCTION switchboard.database_is_embedded_demo() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT EXISTS (
              SELECT 1
              FROM pg_catalog.pg_database d
              JOIN pg_catalog.pg_roles owner ON owner.oid = d.datdba AND owner.rolsuper
              JOIN pg_catalog.pg_db_role_setting s ON s.setdatabase = d.oid AND s.setrole = 0
              WHERE d.datname = pg_catalog.current_database()
                AND 'switchboard.embedded_demo=on' = ANY (s.setconfig)) $$;
COMMENT ON FUNCTION switchboard.database_is_embedded_demo() IS
    'True only when a superuser-owned database carries ALTER DATABASE … SET switchboard.embedded_demo = ''on'' (ops/demo sets it); serve --dev-sign-in refuses to start otherwise.';
REVOKE ALL ON FUNCTION switchboard.database_is_embedded_demo() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard.database_is_embedded_demo() TO switchboard_app;
