-- 0010 — webhooks: subscriptions per organisation and a transactional outbox of deliveries.
--
-- Business teams subscribe a URL to some of seven event types. The events are written by
-- triggers on the tables whose changes cause them, in the same transaction as the change: every
-- writer (widget, console, API, an administrator's SQL) is covered, and an event exists exactly
-- when its change committed, even if the server dies right after the commit. One row per event
-- and matching subscription goes into webhook_deliveries; the server's delivery worker claims
-- due rows, POSTs them signed, and retries with backoff until delivered or given up.
-- On a database that already has 0011 (analytics), this file is applied after it: the two touch
-- different objects (0011 adds columns and a statement trigger to conversations/messages), so the
-- order does not matter.

CREATE TABLE switchboard.webhook_subscriptions (
    org_id              uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    subscription_id     uuid        NOT NULL DEFAULT gen_random_uuid(),
    url                 text        NOT NULL CHECK (url ~ '^https?://[^[:space:]]+$' AND char_length(url) <= 2000),
    event_types         text[]      NOT NULL
                                    CHECK (cardinality(event_types) > 0
                                           AND event_types <@ ARRAY['conversation.created', 'handoff.requested',
                                               'conversation.taken_over', 'message.created', 'conversation.closed',
                                               'ai.flagged_incorrect', 'followup.flagged']::text[]),
    secret_sealed       bytea       NOT NULL,
    description         text        CHECK (description IS NULL OR char_length(description) <= 200),
    active              boolean     NOT NULL DEFAULT true,
    created_by_agent_id uuid,
    created_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, subscription_id),
    FOREIGN KEY (org_id, created_by_agent_id) REFERENCES switchboard.agents (org_id, agent_id)
);
COMMENT ON TABLE switchboard.webhook_subscriptions IS 'Webhook endpoints of an organisation and the event types each receives.';
COMMENT ON COLUMN switchboard.webhook_subscriptions.url IS 'http(s) URL the events are POSTed to; private, loopback and link-local targets are refused unless the operator allows them (SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE).';
COMMENT ON COLUMN switchboard.webhook_subscriptions.event_types IS 'Subset of: conversation.created, handoff.requested, conversation.taken_over, message.created, conversation.closed, ai.flagged_incorrect, followup.flagged.';
COMMENT ON COLUMN switchboard.webhook_subscriptions.secret_sealed IS 'The signing secret, AES-GCM sealed under a key derived from SWITCHBOARD_SECRET (nonce, ciphertext, tag). The server needs the secret itself to sign (HMAC), so it cannot be hashed; sealing keeps it out of a database dump. Rotating SWITCHBOARD_SECRET means recreating the subscriptions.';
COMMENT ON COLUMN switchboard.webhook_subscriptions.active IS 'Inactive subscriptions get no new deliveries.';

CREATE TABLE switchboard.webhook_deliveries (
    org_id           uuid        NOT NULL REFERENCES switchboard.organisations (org_id) ON DELETE CASCADE,
    delivery_id      uuid        NOT NULL DEFAULT gen_random_uuid(),
    subscription_id  uuid        NOT NULL,
    event_id         uuid        NOT NULL,
    event_type       text        NOT NULL
                                 CHECK (event_type IN ('conversation.created', 'handoff.requested', 'conversation.taken_over',
                                        'message.created', 'conversation.closed', 'ai.flagged_incorrect',
                                        'followup.flagged', 'ping')),
    payload          jsonb       NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    claim_id         uuid,
    last_status_code integer,
    last_error       text        CHECK (last_error IS NULL OR char_length(last_error) <= 300),
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_attempt_at  timestamptz,
    delivered_at     timestamptz,
    PRIMARY KEY (org_id, delivery_id),
    -- Deleting a subscription removes its delivery log and stops its pending deliveries.
    FOREIGN KEY (org_id, subscription_id) REFERENCES switchboard.webhook_subscriptions (org_id, subscription_id) ON DELETE CASCADE,
    CONSTRAINT delivered_has_delivered_at CHECK (status <> 'delivered' OR delivered_at IS NOT NULL)
);
COMMENT ON TABLE switchboard.webhook_deliveries IS 'Webhook outbox and delivery log: one row per event and subscription, written in the transaction that caused the event.';
COMMENT ON COLUMN switchboard.webhook_deliveries.event_id IS 'The event''s id (payload.id); the same for every subscription that receives the event.';
COMMENT ON COLUMN switchboard.webhook_deliveries.payload IS 'The JSON body POSTed: {"id", "type", "created_at", "organisation_id", "data"}.';
COMMENT ON COLUMN switchboard.webhook_deliveries.status IS 'pending (waiting or being sent), delivered (a 2xx answer), failed (given up after the last attempt).';
COMMENT ON COLUMN switchboard.webhook_deliveries.attempts IS 'Attempts started so far; counted when a worker claims the row.';
COMMENT ON COLUMN switchboard.webhook_deliveries.next_attempt_at IS 'When the row is due. A worker that claims it moves it forward by a lease, so a worker that dies mid-delivery releases it when the lease runs out.';
COMMENT ON COLUMN switchboard.webhook_deliveries.claim_id IS 'Token of the latest claim; only the worker holding it may record the outcome.';
COMMENT ON COLUMN switchboard.webhook_deliveries.last_error IS 'Short reason of the last failed attempt (never the secret or the receiver''s body).';

-- The worker's due query, per organisation, and the cross-organisation look-up below.
CREATE INDEX webhook_deliveries_due ON switchboard.webhook_deliveries (org_id, next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_due_anywhere ON switchboard.webhook_deliveries (next_attempt_at, org_id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON switchboard.webhook_deliveries (org_id, subscription_id, created_at DESC);

CREATE POLICY app_current_org ON switchboard.webhook_subscriptions TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.webhook_subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.webhook_subscriptions FORCE ROW LEVEL SECURITY;

CREATE POLICY app_current_org ON switchboard.webhook_deliveries TO switchboard_app
    USING (org_id = switchboard.current_org_id()) WITH CHECK (org_id = switchboard.current_org_id());
ALTER TABLE switchboard.webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE switchboard.webhook_deliveries FORCE ROW LEVEL SECURITY;

GRANT SELECT, INSERT, UPDATE, DELETE ON switchboard.webhook_subscriptions, switchboard.webhook_deliveries TO switchboard_app;

-- The delivery worker serves every organisation but the server's role sees rows only under a
-- tenant: this look-up names the organisations with due deliveries (ids only), and the worker
-- then claims each one's rows under its tenant, like the other look-ups in 0002.
CREATE POLICY owner_tenant_lookup ON switchboard.webhook_deliveries FOR SELECT TO switchboard_owner USING (true);

CREATE FUNCTION switchboard.org_ids_with_due_webhooks() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = switchboard, pg_temp
    AS $$ SELECT DISTINCT d.org_id FROM switchboard.webhook_deliveries d
          WHERE d.status = 'pending' AND d.next_attempt_at <= pg_catalog.now() $$;
COMMENT ON FUNCTION switchboard.org_ids_with_due_webhooks() IS
    'SECURITY DEFINER: the webhook worker serves every organisation; returns only the ids of organisations with pending deliveries due now, and the worker claims their rows under each tenant.';
REVOKE ALL ON FUNCTION switchboard.org_ids_with_due_webhooks() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard.org_ids_with_due_webhooks() TO switchboard_app;

-- Enqueueing -----------------------------------------------------------------------------------

-- RFC 3339 in UTC with microseconds, the way the payloads show times.
CREATE FUNCTION switchboard.webhook_time(at timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT pg_catalog.to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;
COMMENT ON FUNCTION switchboard.webhook_time(timestamptz) IS 'A time as webhook payloads show it: RFC 3339, UTC, microseconds.';

-- Inserts one delivery per active subscription of the organisation that wants this event type
-- and wakes the workers (NOTIFY at commit). Runs as the writer: under the tenant's policy for the
-- server, and filtered by org_id explicitly so a superuser's writes enqueue only their own tenant.
CREATE FUNCTION switchboard.enqueue_webhook_event(org uuid, kind text, data jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path = switchboard, pg_temp
    AS $$
DECLARE
    new_event uuid := gen_random_uuid();
    queued integer;
BEGIN
    INSERT INTO switchboard.webhook_deliveries (org_id, subscription_id, event_id, event_type, payload)
    SELECT s.org_id, s.subscription_id, new_event, kind,
           jsonb_build_object('id', new_event, 'type', kind,
                              'created_at', switchboard.webhook_time(pg_catalog.now()),
                              'organisation_id', org, 'data', data)
    FROM switchboard.webhook_subscriptions s
    WHERE s.org_id = org AND s.active AND kind = ANY (s.event_types);
    GET DIAGNOSTICS queued = ROW_COUNT;
    IF queued > 0 THEN
        PERFORM pg_catalog.pg_notify('switchboard_webhooks', org::text);
    END IF;
END
$$;
COMMENT ON FUNCTION switchboard.enqueue_webhook_event(uuid, text, jsonb) IS
    'Queues a webhook event for every active subscription of the organisation that wants its type; NOTIFY switchboard_webhooks (org_id) wakes the delivery workers at commit.';
REVOKE ALL ON FUNCTION switchboard.enqueue_webhook_event(uuid, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION switchboard.enqueue_webhook_event(uuid, text, jsonb) TO switchboard_app;

-- Whether the organisation has an active subscription that wants `kind` (any kind when NULL).
-- Every trigger below asks this before building a payload, so the writes of the many
-- organisations without webhooks cost one probe of a small index and nothing else.
CREATE FUNCTION switchboard.webhook_wanted(org uuid, kind text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT EXISTS (SELECT 1 FROM switchboard.webhook_subscriptions s
                         WHERE s.org_id = org AND s.active AND (kind IS NULL OR kind = ANY (s.event_types))) $$;
COMMENT ON FUNCTION switchboard.webhook_wanted(uuid, text) IS
    'True when the organisation has an active webhook subscription to the event type (to any type when NULL); the enqueueing triggers check it before building a payload.';

CREATE INDEX webhook_subscriptions_active ON switchboard.webhook_subscriptions (org_id) WHERE active;

-- conversation.created, handoff.requested, conversation.taken_over, conversation.closed.
-- Customer text (handoff reason, names typed into forms) stays out: only message.created carries it.
CREATE FUNCTION switchboard.conversation_webhook_events() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = switchboard, pg_temp
    AS $$
DECLARE
    base jsonb;
    owner_name text;
BEGIN
    IF NOT switchboard.webhook_wanted(NEW.org_id, NULL) THEN
        RETURN NULL;
    END IF;
    base := jsonb_build_object('conversation_id', NEW.conversation_id, 'mode', NEW.mode);
    IF TG_OP = 'INSERT' THEN
        PERFORM switchboard.enqueue_webhook_event(NEW.org_id, 'conversation.created', base || jsonb_build_object(
            'contact_id', NEW.contact_id, 'page_url', NEW.page_url,
            'started_at', switchboard.webhook_time(NEW.started_at)));
        IF NEW.mode = 'needs' THEN
            PERFORM switchboard.enqueue_webhook_event(NEW.org_id, 'handoff.requested', base || jsonb_build_object(
                'trigger', 'ai_off', 'after_hours', false, 'requested_at', switchboard.webhook_time(NEW.started_at)));
        END IF;
        RETURN NULL;
    END IF;

    -- Waiting for a human: the customer asked, the AI could not answer, or nobody was online.
    IF (NEW.handoff_requested AND NOT OLD.handoff_requested)
       OR (NEW.mode = 'needs' AND OLD.mode <> 'needs')
       OR (NEW.status = 'after-hours' AND OLD.status IS DISTINCT FROM 'after-hours' AND NEW.mode = 'review') THEN
        PERFORM switchboard.enqueue_webhook_event(NEW.org_id, 'handoff.requested', base || jsonb_build_object(
            'trigger', CASE WHEN NEW.handoff_requested AND NOT OLD.handoff_requested THEN 'customer_request'
                            ELSE 'ai_could_not_answer' END,
            'after_hours', NEW.status IS NOT DISTINCT FROM 'after-hours',
            'requested_at', switchboard.webhook_time(pg_catalog.now())));
    END IF;

    -- An agent took it (from the AI or the queue) or a colleague handed it on.
    IF NEW.mode = 'live' AND (OLD.mode <> 'live' OR OLD.owner_agent_id IS DISTINCT FROM NEW.owner_agent_id) THEN
        SELECT a.display_name INTO owner_name
        FROM switchboard.agents a WHERE a.org_id = NEW.org_id AND a.agent_id = NEW.owner_agent_id;
        PERFORM switchboard.enqueue_webhook_event(NEW.org_id, 'conversation.taken_over', base || jsonb_build_object(
            'agent_id', NEW.owner_agent_id, 'agent_name', owner_name,
            'previous_agent_id', CASE WHEN OLD.mode = 'live' THEN OLD.owner_agent_id END,
            'previous_mode', OLD.mode,
            'kind', CASE WHEN OLD.mode = 'live' THEN 'transfer' ELSE 'take_over' END,
            'taken_at', switchboard.webhook_time(pg_catalog.now())));
    END IF;

    IF OLD.closed_at IS NULL AND NEW.closed_at IS NOT NULL THEN
        PERFORM switchboard.enqueue_webhook_event(NEW.org_id, 'conversation.closed', base || jsonb_build_object(
            'closed_at', switchboard.webhook_time(NEW.closed_at), 'closed_by_agent_id', NEW.closed_by_agent_id,
            'chat_reviewed', NEW.close_reviewed, 'status', NEW.status,
            'message_count', NEW.message_count));
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION switchboard.conversation_webhook_events() IS
    'Trigger: queues conversation.created, handoff.requested, conversation.taken_over and conversation.closed webhook events.';

CREATE TRIGGER webhook_events_created
    AFTER INSERT ON switchboard.conversations
    FOR EACH ROW EXECUTE FUNCTION switchboard.conversation_webhook_events();

-- Every message append updates its conversation (last_seq, message_count): the WHEN clause,
-- evaluated without calling the function, lets only changes that can be events through.
CREATE TRIGGER webhook_events_changed
    AFTER UPDATE ON switchboard.conversations
    FOR EACH ROW
    WHEN (NEW.mode IS DISTINCT FROM OLD.mode
          OR NEW.handoff_requested IS DISTINCT FROM OLD.handoff_requested
          OR NEW.status IS DISTINCT FROM OLD.status
          OR NEW.owner_agent_id IS DISTINCT FROM OLD.owner_agent_id
          OR NEW.closed_at IS DISTINCT FROM OLD.closed_at)
    EXECUTE FUNCTION switchboard.conversation_webhook_events();

-- On the message path: per row, since a statement trigger would capture a transition table for
-- every single-row append; an organisation without a message.created subscription costs one
-- index probe. No SET search_path (it would save and restore the setting on every message):
-- every name is schema-qualified, and the function runs with the writer's rights.
CREATE FUNCTION switchboard.message_webhook_events() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF switchboard.webhook_wanted(NEW.org_id, 'message.created') THEN
        PERFORM switchboard.enqueue_webhook_event(NEW.org_id, 'message.created', pg_catalog.jsonb_build_object(
            'conversation_id', NEW.conversation_id, 'seq', NEW.seq, 'author', NEW.author_kind,
            'agent_id', NEW.agent_id, 'body', NEW.body, 'ai_outcome', NEW.ai_outcome,
            'created_at', switchboard.webhook_time(NEW.created_at)));
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION switchboard.message_webhook_events() IS 'Trigger: queues a message.created webhook event for each stored message whose organisation subscribes to it.';

CREATE TRIGGER webhook_events
    AFTER INSERT ON switchboard.messages
    FOR EACH ROW EXECUTE FUNCTION switchboard.message_webhook_events();

CREATE FUNCTION switchboard.qa_review_webhook_events() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = switchboard, pg_temp
    AS $$
BEGIN
    IF (TG_OP = 'INSERT' OR NOT OLD.flagged_incorrect) AND switchboard.webhook_wanted(NEW.org_id, 'ai.flagged_incorrect') THEN
        PERFORM switchboard.enqueue_webhook_event(NEW.org_id, 'ai.flagged_incorrect', jsonb_build_object(
            'conversation_id', NEW.conversation_id, 'flagged_by_agent_id', NEW.flagged_by_agent_id,
            'flagged_at', switchboard.webhook_time(COALESCE(NEW.flagged_at, pg_catalog.now())),
            'correction_note', NEW.correction_note));
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION switchboard.qa_review_webhook_events() IS 'Trigger: queues ai.flagged_incorrect when "AI answered incorrectly" is set.';

CREATE TRIGGER webhook_events
    AFTER INSERT OR UPDATE ON switchboard.qa_reviews
    FOR EACH ROW WHEN (NEW.flagged_incorrect)
    EXECUTE FUNCTION switchboard.qa_review_webhook_events();

CREATE FUNCTION switchboard.followup_webhook_events() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = switchboard, pg_temp
    AS $$
BEGIN
    IF (TG_OP = 'INSERT' OR NOT OLD.needed) AND switchboard.webhook_wanted(NEW.org_id, 'followup.flagged') THEN
        PERFORM switchboard.enqueue_webhook_event(NEW.org_id, 'followup.flagged', jsonb_build_object(
            'conversation_id', NEW.conversation_id, 'flagged_by_agent_id', NEW.flagged_by_agent_id,
            'flagged_at', switchboard.webhook_time(COALESCE(NEW.flagged_at, pg_catalog.now())),
            'note', NEW.note));
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION switchboard.followup_webhook_events() IS 'Trigger: queues followup.flagged when a follow-up is flagged as needed.';

CREATE TRIGGER webhook_events
    AFTER INSERT OR UPDATE ON switchboard.followups
    FOR EACH ROW WHEN (NEW.needed)
    EXECUTE FUNCTION switchboard.followup_webhook_events();
