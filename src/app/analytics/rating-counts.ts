import { sql, type SQL } from "drizzle-orm";

// How the satisfaction rate counts a ticket's rating, written once for every query that counts
// it: rated, and counted as satisfied by the policy in force when given; a rating whose appeal
// the hotline upheld (恶意、不合理评价, 51号) stays on record and out of the rate.

/** The ticket's rating counts in the rate (`state` is the ticket's state column). */
export function ratedForRate(state: SQL): SQL {
  return sql`(${state} ? 'rating' and coalesce(${state}->'ratingAppeal'->>'status', '') <> 'upheld')`;
}

/** The ticket's rating counts in the rate, as satisfied. */
export function satisfiedForRate(state: SQL): SQL {
  return sql`(${ratedForRate(state)} and coalesce((${state}->>'countsSatisfied')::boolean, false))`;
}
