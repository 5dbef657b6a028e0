-- 0002 — row-level security.
--
-- Every tenant table has RLS enabled AND forced (the owner is subject to it too) and one policy
-- for the server: a row is visible and writable only when its org_id is the transaction's
-- app.org_id. Without app.org_id, switchboard.current_org_id() is NULL and nothing matches.
-- Policies for analysts are added in 0004 beside the views that need them.

CREATE POLICY app_current_org ON switchboard.organisations TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.organisations ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.organisations FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.organisation_settings TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.organisation_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.organisation_settings FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.agents TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.agents ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.agents FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.contacts TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.contacts ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.contacts FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.conversations TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.conversations ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.conversations FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.messages TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.messages FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.ownership_events TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.ownership_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.ownership_events FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.qa_reviews TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.qa_reviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.qa_reviews FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.kb_updates TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.kb_updates ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.kb_updates FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.followups TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.followups ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.followups FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.presence TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.presence ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.presence FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.kb_articles TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.kb_articles ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.kb_articles FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.playbook_entries TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.playbook_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.playbook_entries FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.test_plan_items TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.test_plan_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.test_plan_items FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.test_results TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.test_results ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.test_results FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.api_keys TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.api_keys FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.web_sessions TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.web_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.web_sessions FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.audit_log TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.audit_log FORCE ROW LEVEL SECURITY;

-- Analyst grants ------------------------------------------------------------------------------

-- True when the current user is role_name or a member of it. Unlike pg_has_role(current_user,
-- role_name, 'MEMBER') it is false, not an error, for a role that has since been dropped, so one
-- stale analyst_grants row cannot break every analyst's queries.
CREATE FUNCTION switchboard.current_user_is_member_of(role_name name) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                         WHERE r.rolname = role_name
                           AND pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER')) $$;

COMMENT ON FUNCTION switchboard.current_user_is_member_of(name) IS
    'Whether current_user is, or is a member of, the named role; false when no such role exists.';

ALTER TABLE switchboard.analyst_grants ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.analyst_grants FORCE ROW LEVEL SECURITY;

-- Analysts see only their own grants; the reporting policies in 0004 read this table as the analyst.
CREATE POLICY analyst_own_grants ON switchboard.analyst_grants FOR SELECT TO switchboard_analyst
    USING (switchboard.current_user_is_member_of(role_name));

-- Operators grant and revoke organisations as switchboard_owner.
CREATE POLICY owner_manages_grants ON switchboard.analyst_grants TO switchboard_owner
    USING (true) WITH CHECK (true);

-- Look-ups before the tenant is known ------------------------------------------------------------
--
-- Some requests arrive before the server knows their organisation: the widget knows only its
-- public key, the console's sign-in only the organisation's slug, an API request only its key,
-- a console request only its session cookie, and background services must visit every
-- organisation. The server's role cannot see across tenants, so these narrow SECURITY DEFINER
-- functions, owned by switchboard_owner, answer exactly one question each (which organisation?)
-- through SELECT-only owner policies on just the tables they read. The server then sets
-- app.org_id and reads everything else under the ordinary tenant policy.
-- EXECUTE is revoked from PUBLIC in the same transaction that creates each function.

CREATE POLICY owner_tenant_lookup ON switchboard.organisations FOR SELECT TO switchboard_owner USING (true);
CREATE POLICY owner_tenant_lookup ON switchboard.api_keys FOR SELECT TO switchboard_owner USING (true);
CREATE POLICY owner_tenant_lookup ON switchboard.web_sessions FOR SELECT TO switchboard_owner USING (true);

-- The widget's <script> tag carries only the public widget key.
CREATE FUNCTION switchboard.org_id_for_widget_key(widget_key text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = switchboard, pg_temp
    AS $$ SELECT o.org_id FROM switchboard.organisations o WHERE o.widget_key = org_id_for_widget_key.widget_key $$;
COMMENT ON FUNCTION switchboard.org_id_for_widget_key(text) IS
    'SECURITY DEFINER: the widget knows only its public key, and the server cannot read across tenants before it knows the organisation. Returns NULL for an unknown key.';
REVOKE ALL ON FUNCTION switchboard.org_id_for_widget_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard.org_id_for_widget_key(text) TO switchboard_app;

-- Console sign-in and the CLI name an organisation by its slug.
CREATE FUNCTION switchboard.org_id_for_slug(slug text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = switchboard, pg_temp
    AS $$ SELECT o.org_id FROM switchboard.organisations o WHERE o.slug = org_id_for_slug.slug $$;
COMMENT ON FUNCTION switchboard.org_id_for_slug(text) IS
    'SECURITY DEFINER: console sign-in and the command line name the organisation by slug before any tenant is set. Returns NULL for an unknown slug.';
REVOKE ALL ON FUNCTION switchboard.org_id_for_slug(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard.org_id_for_slug(text) TO switchboard_app;

-- Background services (idle close, retention clean-up, presence sweeps) work organisation by organisation.
CREATE FUNCTION switchboard.all_org_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = switchboard, pg_temp
    AS $$ SELECT o.org_id FROM switchboard.organisations o ORDER BY o.created_at, o.org_id $$;
COMMENT ON FUNCTION switchboard.all_org_ids() IS
    'SECURITY DEFINER: background services must visit every organisation, then set app.org_id for each; returns only ids, oldest organisation first.';
REVOKE ALL ON FUNCTION switchboard.all_org_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard.all_org_ids() TO switchboard_app;

-- An API request carries only its key; the key's prefix is globally unique.
CREATE FUNCTION switchboard.org_id_for_api_key_prefix(prefix text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = switchboard, pg_temp
    AS $$ SELECT k.org_id FROM switchboard.api_keys k
          WHERE k.prefix = org_id_for_api_key_prefix.prefix AND k.revoked_at IS NULL $$;
COMMENT ON FUNCTION switchboard.org_id_for_api_key_prefix(text) IS
    'SECURITY DEFINER: an API request names no organisation, only its key. Returns the organisation of a non-revoked key with this prefix (NULL otherwise); the server then sets app.org_id and verifies key_hash under the tenant policy.';
REVOKE ALL ON FUNCTION switchboard.org_id_for_api_key_prefix(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard.org_id_for_api_key_prefix(text) TO switchboard_app;

-- A console request carries only its session cookie.
CREATE FUNCTION switchboard.org_id_for_session_token_hash(token_hash bytea) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = switchboard, pg_temp
    AS $$ SELECT s.org_id FROM switchboard.web_sessions s
          WHERE s.token_hash = org_id_for_session_token_hash.token_hash
            AND s.revoked_at IS NULL AND s.expires_at > pg_catalog.now() $$;
COMMENT ON FUNCTION switchboard.org_id_for_session_token_hash(bytea) IS
    'SECURITY DEFINER: a console request names no organisation, only its session cookie. Returns the organisation of a live (not revoked, not expired) session with this token hash, else NULL.';
REVOKE ALL ON FUNCTION switchboard.org_id_for_session_token_hash(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard.org_id_for_session_token_hash(bytea) TO switchboard_app;
