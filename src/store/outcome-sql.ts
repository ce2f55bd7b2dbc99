import { sql, type SQL } from "drizzle-orm";
import { type ListedOutcome } from "../domain/assessment/outcome-counts.ts";

// The outcomes the rate formulas name (domain/assessment/rate-formulas.ts `OUTCOMES`), as SQL over
// a ticket's state column, for every query that sums them: the rollup, the live counts, the
// leaders' figures. Each must answer as its namesake in `OUTCOMES` does; a test holds them together.

/** The ticket's rating counts in the rate: rated, and not taken out by an upheld appeal (恶意、不合理评价, 51号). */
export function ratedForRate(state: SQL): SQL {
  return sql`(${state} ? 'rating' and coalesce(${state}->'ratingAppeal'->>'status', '') <> 'upheld')`;
}

/** The ticket's rating counts in the rate, as satisfied by the policy in force when given. */
export function satisfiedForRate(state: SQL): SQL {
  return sql`(${ratedForRate(state)} and coalesce((${state}->>'countsSatisfied')::boolean, false))`;
}

/** Rated by the requester's own answer, not by silence (GX-27.2's default). */
function answered(state: SQL): SQL {
  return sql`(${ratedForRate(state)} and coalesce((${state}->>'ratingDefaulted')::boolean, false) = false)`;
}

/** Each summed outcome but `handled` (every ticket), as a condition on the state. */
export const OUTCOME_SQL: Record<ListedOutcome, (state: SQL) => SQL> = {
  onTime: (s) => sql`((${s}->'feedback'->>'submittedAt')::bigint <= coalesce((${s}->'clock'->>'due')::bigint, 9223372036854775807))`,
  rated: ratedForRate,
  answered,
  satisfied: satisfiedForRate,
  satisfiedAnswered: (s) => sql`(${answered(s)} and coalesce((${s}->>'countsSatisfied')::boolean, false))`,
  askedSolved: (s) => sql`(${s} ? 'rating' and ${s} ? 'solved')`,
  resolved: (s) => sql`(${s} ? 'rating' and ${s}->>'solved' = 'resolved')`,
  partiallyResolved: (s) => sql`(${s} ? 'rating' and ${s}->>'solved' = 'partially_resolved')`,
};

/** Each summed outcome's column in the rollup and the cube (snake case), beside its name: the one list every sum reads. */
export const OUTCOME_COLUMNS = (Object.keys(OUTCOME_SQL) as ListedOutcome[]).map(
  (name) => [name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), name] as const,
);

/** Each outcome but `handled` counted over the rows, under its outcome name (`count(*) filter …`). */
export function outcomeCounts(state: SQL): SQL {
  return sql.join(
    Object.entries(OUTCOME_SQL).map(([name, when]) => sql`(count(*) filter (where ${when(state)}))::int as ${sql.identifier(name)}`),
    sql`, `,
  );
}
