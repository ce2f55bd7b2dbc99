CREATE TABLE "dispatch_fact" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"first_unit_id" uuid NOT NULL,
	"dispatcher_id" text NOT NULL,
	"dispatcher_name" text NOT NULL,
	"category" text NOT NULL,
	"district" text NOT NULL,
	"asked" integer NOT NULL,
	"approved" integer NOT NULL,
	"refused" integer NOT NULL,
	"ms_lost" bigint NOT NULL,
	"concluded" boolean NOT NULL
);
--> statement-breakpoint
CREATE INDEX "dispatch_fact_month_idx" ON "dispatch_fact" USING btree ("jurisdiction_id","first_at");--> statement-breakpoint
-- Tickets dispatched before the record existed: their record folded from their events, as
-- evolve() folds it, written into their state (so later changes carry it on) and into the facts.
WITH ev AS (
	SELECT e.ticket_id, e.seq, e.type, e.at, e.actor_id, e.actor_name, e.data,
		max(CASE WHEN e.type = 'Dispatched' THEN e.at END) OVER (PARTITION BY e.ticket_id ORDER BY e.seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS last_dispatched
	FROM "ticket_event" e
	WHERE e.type IN ('Dispatched', 'ReturnRequested', 'ReturnApproved', 'ReturnRefused')
),
firsts AS (
	SELECT DISTINCT ON (ticket_id) ticket_id, at, actor_id, actor_name, data->'assignment'->>'leadUnitId' AS unit_id
	FROM ev WHERE type = 'Dispatched' ORDER BY ticket_id, seq
),
folded AS (
	SELECT f.ticket_id, f.at AS first_at, f.actor_id, f.actor_name, f.unit_id,
		(SELECT max(at) FROM ev x WHERE x.ticket_id = f.ticket_id AND x.type = 'Dispatched') AS last_at,
		count(*) FILTER (WHERE ev.type = 'ReturnRequested')::int AS asked,
		count(*) FILTER (WHERE ev.type = 'ReturnApproved')::int AS approved,
		count(*) FILTER (WHERE ev.type = 'ReturnRefused')::int AS refused,
		coalesce(sum(round(extract(epoch FROM ev.at - ev.last_dispatched) * 1000)) FILTER (WHERE ev.type = 'ReturnApproved'), 0)::bigint AS ms_lost
	FROM firsts f JOIN ev ON ev.ticket_id = f.ticket_id
	GROUP BY f.ticket_id, f.at, f.actor_id, f.actor_name, f.unit_id
),
stated AS (
	UPDATE "ticket" t SET state = t.state || jsonb_build_object('dispatchRecord', jsonb_build_object(
		'firstAt', (extract(epoch FROM d.first_at) * 1000)::bigint, 'firstUnitId', d.unit_id, 'dispatcherId', d.actor_id, 'dispatcherName', d.actor_name,
		'lastDispatchedAt', (extract(epoch FROM d.last_at) * 1000)::bigint, 'asked', d.asked, 'approved', d.approved, 'refused', d.refused, 'msLost', d.ms_lost))
	FROM folded d WHERE t.id = d.ticket_id AND NOT (t.state ? 'dispatchRecord')
	RETURNING t.id, t.jurisdiction_id, t.status, t.state
)
INSERT INTO "dispatch_fact" (ticket_id, jurisdiction_id, first_at, first_unit_id, dispatcher_id, dispatcher_name, category, district, asked, approved, refused, ms_lost, concluded)
SELECT d.ticket_id, s.jurisdiction_id, d.first_at, d.unit_id::uuid, d.actor_id, d.actor_name, coalesce(s.state->>'category', ''), coalesce(s.state->'location'->>'district', ''),
	d.asked, d.approved, d.refused, d.ms_lost, s.status IN ('concluded', 'archived')
FROM folded d JOIN stated s ON s.id = d.ticket_id
ON CONFLICT (ticket_id) DO NOTHING;
