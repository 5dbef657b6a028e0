-- Switchboard database roles.
--
-- Run once per cluster by a superuser, connected to the target database:
--   psql -v ON_ERROR_STOP=1 -d DB -f sql/roles.sql
-- Safe to run again: each role is created when missing and its attributes are re-asserted, so a
-- second run also repairs drift. No passwords here: operators set them (ALTER ROLE ... PASSWORD)
-- or use another authentication method.
--
--   switchboard_owner    owns the schemas, tables, views and functions; runs the migrations.
--                        Not a superuser and cannot bypass row-level security (tables FORCE it).
--   switchboard_app      the server's login. Owns nothing, so every query goes through the
--                        row-level security policies keyed by the transaction's app.org_id.
--   switchboard_analyst  group role for analysts' logins (CREATE ROLE alice LOGIN IN ROLE
--                        switchboard_analyst); reads the reporting views for granted organisations.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'switchboard_owner') THEN
        CREATE ROLE switchboard_owner LOGIN;
    END IF;
    ALTER ROLE switchboard_owner
        LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
END
$$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'switchboard_app') THEN
        CREATE ROLE switchboard_app LOGIN;
    END IF;
    -- NOINHERIT: even if someone later grants it a role, it does not silently gain that role's rights.
    ALTER ROLE switchboard_app
        LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION NOINHERIT;
END
$$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'switchboard_analyst') THEN
        CREATE ROLE switchboard_analyst NOLOGIN;
    END IF;
    ALTER ROLE switchboard_analyst
        NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
END
$$;

-- The database name is not known in advance, hence format(); %I quotes it safely.
DO $$
BEGIN
    EXECUTE format('GRANT CONNECT, CREATE ON DATABASE %I TO switchboard_owner', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO switchboard_app', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO switchboard_analyst', current_database());
END
$$;
