import { parseCalendarFile } from "../../domain/calendar/parse-calendar-file.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { listCalendarImports, replaceCalendarYear } from "../../store/repositories/calendar.repository.ts";
import { actorLabel, type Actor } from "../actor.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";
import { type TicketActor } from "../../domain/ticket/ticket.ts";
import { type AppContext } from "../context.ts";
import { recalculateProvisionalDeadlines } from "../tickets/recalculate-deadlines.ts";

/** What an import did. */
export interface CalendarImportResult {
  readonly scope: string;
  readonly year: number;
  readonly days: number;
  readonly replaced: boolean;
  readonly notice: string;
  /** Running tickets whose provisional limit was recounted with the new notice. */
  readonly recalculated: number;
}

/**
 * Loads one year of a notice (calendar file format): validates the whole file, refuses
 * scopes no policy uses, replaces the year in one transaction, then rebuilds the calendars.
 * Either the year is loaded whole or nothing changes.
 */
export async function importCalendarYear(ctx: AppContext, actor: Actor, text: string, reason = "导入官方通知"): Promise<Result<CalendarImportResult>> {
  const parsed = parseCalendarFile(text);
  if (!parsed.ok) return parsed;
  const year = parsed.value;
  const scopes = ctx.policies.calendarScopes();
  if (!scopes.includes(year.scope)) {
    return fail(
      domainError(
        "CALENDAR_SCOPE_UNKNOWN",
        `日历范围 ${year.scope} 未被任何政策使用（可用：${scopes.join("、")}）`,
        `calendar scope ${year.scope} is used by no policy (known: ${scopes.join(", ")})`,
        {
          field: "scope",
          details: [{ line: 1, field: "scope", zh: `未知范围 ${year.scope}`, en: `unknown scope ${year.scope}` }],
        },
      ),
    );
  }
  const { replaced } = await replaceCalendarYear(ctx.db, year, actorLabel(actor), reason);
  await ctx.calendars.reload();
  const recalculated = await recalculateProvisionalDeadlines(ctx, year.scope, `已导入《${year.notice.title}》/ notice loaded`);
  return ok({ scope: year.scope, year: year.year, days: year.days.length, replaced, notice: year.notice.title, recalculated });
}

/** Every import of an official notice so far, with who and why. */
export async function calendarImports(ctx: AppContext) {
  return listCalendarImports(ctx.db);
}

/** The calendar's administrator behind an actor (a signed-in admin or an admin token), or the refusal. */
export function calendarAdministrator(actor: TicketActor): Result<Actor> {
  if (!can(actor, "calendar.import")) return fail(forbidden("calendar.import"));
  return ok({ kind: actor.id.includes(":") ? "token" : "user", id: actor.id, name: actor.name });
}
