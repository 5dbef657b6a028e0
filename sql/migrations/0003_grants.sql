-- 0003 — privileges for the server's role.
--
-- switchboard_owner owns every object (it created them). switchboard_app owns nothing: it gets
-- data privileges only, and row-level security (0002) limits those to the transaction's
-- organisation. Tables added later are NOT granted automatically (no default privileges), so a
-- new table is unreachable until its migration grants it alongside its policy.
-- EXECUTE on the SECURITY DEFINER look-ups is granted in 0002, where they are created.

REVOKE ALL ON SCHEMA switchboard FROM PUBLIC;
GRANT USAGE ON SCHEMA switchboard TO switchboard_app;

GRANT SELECT, INSERT, UPDATE, DELETE ON
    switchboard.organisations,
    switchboard.organisation_settings,
    switchboard.agents,
    switchboard.contacts,
    switchboard.conversations,
    switchboard.messages,
    switchboard.ownership_events,
    switchboard.qa_reviews,
    switchboard.kb_updates,
    switchboard.followups,
    switchboard.presence,
    switchboard.kb_articles,
    switchboard.playbook_entries,
    switchboard.test_plan_items,
    switchboard.test_results,
    switchboard.api_keys,
    switchboard.web_sessions
TO switchboard_app;

-- The audit trail is append-only for the server; deleting an organisation still removes its
-- rows through the foreign key's ON DELETE CASCADE.
GRANT SELECT, INSERT ON switchboard.audit_log TO switchboard_app;

GRANT USAGE ON ALL SEQUENCES IN SCHEMA switchboard TO switchboard_app;

-- analyst_grants is managed by the owner only.
REVOKE ALL ON switchboard.analyst_grants FROM switchboard_app;

-- The server only checks that migrations are current. The migrator creates this table before
-- applying migrations; the guard keeps the file usable when applied by hand with psql.
DO $$
BEGIN
    IF pg_catalog.to_regclass('switchboard.schema_migrations') IS NOT NULL THEN
        REVOKE ALL ON switchboard.schema_migrations FROM switchboard_app;
        GRANT SELECT ON switchboard.schema_migrations TO switchboard_app;
    ELSE
        RAISE NOTICE 'switchboard.schema_migrations does not exist; switchboard_app gets SELECT on it once it does (GRANT SELECT ON switchboard.schema_migrations TO switchboard_app)';
    END IF;
END
$$;
