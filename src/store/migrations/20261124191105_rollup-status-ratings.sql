-- The daily rollup also by status, and with each rating counted apart, so the dashboard's
-- summary (status breakdown, ratings) is answered from it too. Same rules as before.
DROP MATERIALIZED VIEW "ticket_daily_rollup";
--> statement-breakpoint
CREATE MATERIALIZED VIEW "ticket_daily_rollup" AS
WITH b AS (
  SELECT t.jurisdiction_id,
         (t.received_at AT TIME ZONE coalesce(z.time_zone, 'UTC'))::date AS day,
         t.channel, t.type,
         coalesce(t.category, '未分类') AS category,
         coalesce(t.district, '未注明') AS district,
         coalesce(t.lead_unit_id::text, '') AS unit,
         t.status, t.state
  FROM ticket t LEFT JOIN analytics_zone z ON z.jurisdiction_id = t.jurisdiction_id
  WHERE t.status <> 'merged'
)
SELECT jurisdiction_id, day,
       CASE WHEN grouping(channel) = 0 THEN 'channel'
            WHEN grouping(type) = 0 THEN 'type'
            WHEN grouping(category) = 0 THEN 'category'
            WHEN grouping(district) = 0 THEN 'district'
            WHEN grouping(unit) = 0 THEN 'unit'
            WHEN grouping(status) = 0 THEN 'status'
            ELSE 'all' END AS dim,
       coalesce(channel, type, category, district, unit, status, '') AS value,
       count(*)::int AS received,
       (count(*) FILTER (WHERE status IN ('concluded', 'archived')))::int AS concluded,
       (count(*) FILTER (WHERE state ? 'feedback'))::int AS with_feedback,
       (count(*) FILTER (WHERE (state->'feedback'->>'submittedAt')::bigint <= (state->'clock'->>'due')::bigint))::int AS on_time,
       (count(*) FILTER (WHERE state ? 'rating'))::int AS rated,
       (count(*) FILTER (WHERE state->>'rating' IN ('satisfied', 'basically_satisfied')))::int AS satisfied,
       (count(*) FILTER (WHERE state->>'rating' = 'satisfied'))::int AS rated_satisfied,
       (count(*) FILTER (WHERE state->>'rating' = 'basically_satisfied'))::int AS rated_basically_satisfied,
       (count(*) FILTER (WHERE state->>'rating' = 'unsatisfied'))::int AS rated_unsatisfied
FROM b
GROUP BY GROUPING SETS ((jurisdiction_id, day, channel), (jurisdiction_id, day, type), (jurisdiction_id, day, category), (jurisdiction_id, day, district), (jurisdiction_id, day, unit), (jurisdiction_id, day, status), (jurisdiction_id, day));
--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_daily_rollup_key" ON "ticket_daily_rollup" ("jurisdiction_id", "dim", "value", "day");
--> statement-breakpoint
DELETE FROM "rollup_refresh" WHERE "name" = 'ticket_daily_rollup';
