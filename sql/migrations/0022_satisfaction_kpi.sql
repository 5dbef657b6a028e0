-- 0022 — the Analytics page gains a satisfaction card: the average rating (1 to 5) customers gave
-- the chats that started in the range, beside the previous range, like every other card.

CREATE OR REPLACE FUNCTION reporting.analytics_kpis(p_org_id uuid, p_from timestamptz, p_to timestamptz)
RETURNS TABLE (metric text, value numeric, previous numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    WITH t AS (SELECT * FROM reporting.analytics_totals(p_org_id, p_from, p_to)),
         c AS (SELECT * FROM t WHERE t.period = 'current'),
         p AS (SELECT * FROM t WHERE t.period = 'previous'),
         -- Through the view: analysts may not name the switchboard schema's tables.
         s AS (SELECT round(avg(r.satisfaction) FILTER (WHERE r.started_at >= p_from), 2) AS current,
                      round(avg(r.satisfaction) FILTER (WHERE r.started_at < p_from), 2) AS previous
               FROM reporting.satisfaction r
               WHERE r.org_id = p_org_id AND r.started_at >= p_from - (p_to - p_from) AND r.started_at < p_to)
    SELECT k.metric, k.value, k.previous
    FROM c, p, s,
         LATERAL (VALUES
            (1, 'active', c.active::numeric, p.active::numeric),
            (2, 'resolved', c.resolved::numeric, p.resolved::numeric),
            (3, 'followup', c.followup::numeric, p.followup::numeric),
            (4, 'review', c.review::numeric, p.review::numeric),
            (5, 'total', c.total::numeric, p.total::numeric),
            (6, 'ai_not_sure', c.ai_not_sure::numeric, p.ai_not_sure::numeric),
            (7, 'ai_accuracy', round(c.ai_answered_correct::numeric / NULLIF(c.ai_answered, 0), 4),
                               round(p.ai_answered_correct::numeric / NULLIF(p.ai_answered, 0), 4)),
            (8, 'contact_capture', round(c.contact_captured::numeric / NULLIF(c.total, 0), 4),
                                   round(p.contact_captured::numeric / NULLIF(p.total, 0), 4)),
            (9, 'avg_messages', round(c.messages::numeric / NULLIF(c.total, 0), 2),
                                round(p.messages::numeric / NULLIF(p.total, 0), 2)),
            (10, 'satisfaction', s.current, s.previous)
         ) AS k(position, metric, value, previous)
    ORDER BY k.position
$$;

COMMENT ON FUNCTION reporting.analytics_kpis(uuid, timestamptz, timestamptz) IS
    'The KPI cards for [from, to) and for the previous range of equal length: active, resolved, followup, review, total, ai_not_sure (counts); ai_accuracy and contact_capture (fractions 0..1, 4 decimals; NULL without a denominator); avg_messages (2 decimals); satisfaction (the average rating 1..5 of the chats started in the range, 2 decimals; NULL when none was rated).';
