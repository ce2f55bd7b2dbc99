import { sql } from "drizzle-orm";
import { type AppContext } from "../src/app/context.ts";
import { ensureMonthlyPartitions } from "../src/store/partitions.ts";
import { shippedCategoryTree, type CategoryNode } from "../src/store/shipped-data.ts";

export const DISTRICTS = ["越秀区", "海珠区", "荔湾区", "天河区", "白云区", "黄埔区", "番禺区", "花都区", "南沙区", "从化区", "增城区"];
const CHANNELS = ["phone", "phone", "phone", "phone", "web", "wechat", "wechat", "app", "mailbox", "gov_platform", "gov_cn", "subcentre"];
const TYPES = ["complaint", "complaint", "complaint", "consultation", "consultation", "help", "suggestion", "report", "praise"];

function leaves(nodes: readonly CategoryNode[]): string[] {
  return nodes.flatMap((n) => (n.children?.length ? leaves(n.children) : [n.name]));
}

/** The shipped category tree's leaves, busiest first in the loaded tickets. */
export function benchCategories(): string[] {
  return leaves(shippedCategoryTree());
}

const arr = (xs: readonly string[]) => `{${xs.map((x) => `"${x}"`).join(",")}}`;

/**
 * Loads `TICKETS` tickets of Guangzhou over `DAYS` days up to `now`, in SQL: skewed like a real
 * hotline (a few categories and units take most tickets; old ones are concluded, rated, mostly
 * on time), written in the order they came in, as a hotline's table is. Answers the units used.
 */
export async function loadBenchTickets(ctx: AppContext, TICKETS: number, DAYS: number, now: number, label: string): Promise<string[]> {
  const units = (
    (await ctx.db.execute(sql`select id::text from unit where jurisdiction_id = 'guangzhou' and kind = 'handling_unit'`)) as unknown as {
      rows: { id: string }[];
    }
  ).rows.map((r) => r.id);
  const categories = benchCategories();
  const step = 250_000;
  // Three years of months, as a platform running that long has them.
  await ensureMonthlyPartitions(ctx.db, now, 3, Math.ceil(DAYS / 30) + 1);
  for (let from = 0; from < TICKETS; from += step) {
    // Skewed like a real hotline: a few categories and units take most tickets; old ones are concluded, rated, mostly on time.
    // Written in the order they came in (within minutes), as a hotline's table is: one day's tickets lie together.
    await ctx.db.execute(sql`
      insert into ticket (id, jurisdiction_id, number, status, type, channel, urgent, category, district, lead_unit_id, received_at, due_at, version, state, created_at, updated_at)
      select hotline_ticket_id(received), 'guangzhou', 'BENCH' || lpad(g::text, 9, '0'),
        case when age < 3 then (array['awaiting_dispatch','handling','awaiting_review'])[1 + (g % 3)] when g % 500 = 0 then 'handling' else (array['concluded','archived'])[1 + (g % 2)] end,
        (${arr(TYPES)}::text[])[1 + (hashint4(g) & 1023) % ${TYPES.length}],
        (${arr(CHANNELS)}::text[])[1 + (hashint4(g + 1) & 1023) % ${CHANNELS.length}],
        false,
        (${arr(categories)}::text[])[1 + floor(${categories.length} * power((hashint4(g + 2) & 1048575) / 1048576.0, 3))::int],
        (${arr(DISTRICTS)}::text[])[1 + (hashint4(g + 3) & 1023) % ${DISTRICTS.length}],
        case when g % 20 = 0 then null else (${`{${units.join(",")}}`}::uuid[])[1 + floor(${units.length} * power((hashint4(g + 4) & 1048575) / 1048576.0, 2))::int] end,
        received, received + interval '15 days', 5,
        case when age < 3 then jsonb_build_object('title', '诉求')
             else jsonb_build_object('title', '诉求',
               'clock', jsonb_build_object('due', (extract(epoch from received + interval '15 days') * 1000)::bigint),
               'feedback', jsonb_build_object('submittedAt', (extract(epoch from received + ((hashint4(g + 5) & 31) || ' days')::interval) * 1000)::bigint),
               'rating', (array['satisfied','satisfied','satisfied','basically_satisfied','unsatisfied'])[1 + (hashint4(g + 6) & 1023) % 5]) end,
        received, received
      from (select g, to_timestamp(${now / 1000 - DAYS * 86_400} + g::float8 * ${(DAYS * 86_400) / TICKETS} + ((hashint4(g + 7) & 255) - 128)) as received from generate_series(${from + 1}::int, ${Math.min(from + step, TICKETS)}::int) g) s,
        lateral (select extract(day from to_timestamp(${now / 1000}) - received)::int as age) a`);
    if ((from / step) % 8 === 7) process.stdout.write(`  ${label} bench: ${from + step} tickets loaded\n`);
  }
  await ctx.db.execute(sql`analyze ticket`);
  return units;
}
