-- 0008 — tell every server instance when an organisation's settings change.
--
-- Servers keep settings in memory for the message path (each customer message would otherwise
-- read them again). Any change — through the console, the API or an administrator's SQL — sends
-- the organisation's id on the `switchboard_settings` channel, delivered at commit, and each
-- instance drops its copy. The payload is an id only, like the realtime channel.

CREATE FUNCTION switchboard.notify_settings_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM pg_catalog.pg_notify('switchboard_settings', COALESCE(NEW.org_id, OLD.org_id)::text);
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION switchboard.notify_settings_changed() IS
    'Trigger: NOTIFY switchboard_settings with the org_id whose settings changed, so servers drop cached settings.';

CREATE TRIGGER settings_changed
    AFTER INSERT OR UPDATE OR DELETE ON switchboard.organisation_settings
    FOR EACH ROW EXECUTE FUNCTION switchboard.notify_settings_changed();
