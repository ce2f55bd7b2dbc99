import { otherPlatform, reachesPlatform } from "../../domain/org/platform-scope.ts";
import { isUuid } from "../../store/uuid.ts";
import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { and, eq, gt, inArray } from "drizzle-orm";
import { ROLES, type Role, type TicketActor } from "../../domain/ticket/ticket.ts";
import { domainError, fail, ok, type Result } from "../../domain/shared/domain-error.ts";
import { auditLog, sessions, users } from "../../store/schema/index.ts";
import { type AppContext } from "../context.ts";
import { lookupUnits } from "../org/lookup-units.ts";
import { can, forbidden } from "../../domain/org/permissions.ts";

/** Failed sign-ins in a row before an account is locked, and for how long. */
export const LOCKOUT = { attempts: 5, minutes: 15 } as const;
/** How long a session lasts without signing in again. */
export const SESSION_HOURS = 12;

const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== "system" && r !== "requester");
const UNIT_ROLES: readonly Role[] = ["unit_handler", "unit_leader"];
/** Verified against when the username is unknown, so timing does not tell which usernames exist. */
let dummyHash: Promise<string> | undefined;

function sha256(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

/** Writes one audit record (sign-ins, permission changes, admin actions). */
export async function audit(
  ctx: AppContext,
  e: { actorId: string; jurisdictionId?: string | null | undefined; action: string; target?: string; outcome: string; ip?: string; details?: unknown },
): Promise<void> {
  await ctx.db.insert(auditLog).values({
    at: new Date(ctx.now()),
    actorId: e.actorId,
    jurisdictionId: e.jurisdictionId ?? null,
    action: e.action,
    target: e.target ?? null,
    outcome: e.outcome,
    ip: e.ip ?? null,
    details: e.details ?? null,
  });
}

/** Password rule: at least 10 characters with letters and digits. */
export function passwordProblem(pw: string): string | undefined {
  if (pw.length < 10) return "at least 10 characters";
  if (!/[A-Za-z]/.test(pw) || !/\d/.test(pw)) return "letters and digits";
  if (pw.length > 200) return "at most 200 characters";
  return undefined;
}

function badPassword(problem: string) {
  return fail<never>(domainError("INVALID_ARGUMENT", `密码不符合要求（至少10位，含字母和数字）`, `the password needs ${problem}`, { field: "password" }));
}

/** What an administrator gives to create an account. */
export interface NewUser {
  readonly jurisdictionId: string;
  readonly username: string;
  readonly displayName: string;
  readonly password: string;
  readonly role: Role;
  readonly unitId?: string;
}

/** Creates a staff account (administrators only); the role and unit are checked. */
export async function createUser(ctx: AppContext, actor: TicketActor, u: NewUser, opts: { skipAudit?: boolean } = {}): Promise<Result<{ id: string }>> {
  if (!can(actor, "users.manage")) return fail(forbidden("users.manage"));
  if (!STAFF_ROLES.includes(u.role))
    return fail(domainError("INVALID_ARGUMENT", `角色 ${u.role} 无效`, `role ${u.role} is not a staff role`, { field: "role" }));
  if (!/^[a-z0-9_.-]{3,40}$/.test(u.username))
    return fail(domainError("INVALID_ARGUMENT", "用户名为3–40位小写字母、数字或 _.-", "username is 3–40 of a-z 0-9 _ . -", { field: "username" }));
  const problem = passwordProblem(u.password);
  if (problem) return badPassword(problem);
  if (!reachesPlatform(actor, u.jurisdictionId)) return fail(otherPlatform("jurisdictionId"));
  if (UNIT_ROLES.includes(u.role)) {
    const unit = u.unitId ? (await lookupUnits(ctx.db, [u.unitId])).get(u.unitId) : undefined;
    if (!unit || unit.jurisdictionId !== u.jurisdictionId)
      return fail(domainError("INVALID_ARGUMENT", "单位角色须属于本平台的一个单位", "a unit role needs a unit of this platform", { field: "unitId" }));
  }
  const [exists] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.username, u.username));
  if (exists) return fail(domainError("USERNAME_CONFLICT", "用户名已存在", "the username is taken", { field: "username" }));
  const [row] = await ctx.db
    .insert(users)
    .values({
      jurisdictionId: u.jurisdictionId,
      username: u.username,
      displayName: u.displayName,
      passwordHash: await hash(u.password),
      role: u.role,
      unitId: UNIT_ROLES.includes(u.role) ? (u.unitId ?? null) : null,
    })
    .returning({ id: users.id });
  if (!row) throw new Error("user insert returned nothing");
  if (!opts.skipAudit)
    await audit(ctx, {
      actorId: actor.id,
      jurisdictionId: u.jurisdictionId,
      action: "user.create",
      target: row.id,
      outcome: "ok",
      details: { username: u.username, role: u.role, unitId: u.unitId ?? null },
    });
  return ok({ id: row.id });
}

/** A signed-in session: the cookie value (shown to the browser only) and its CSRF token. */
export interface SignedIn {
  readonly sessionToken: string;
  readonly csrfToken: string;
  readonly user: {
    id: string;
    username: string;
    displayName: string;
    role: string;
    unitId: string | null;
    jurisdictionId: string;
    mustChangePassword: boolean;
  };
}

/** Signs a person in; repeated failures lock the account for a while, with a clear message. */
export async function signIn(ctx: AppContext, username: string, password: string, ip?: string): Promise<Result<SignedIn>> {
  const now = ctx.now();
  const [u] = await ctx.db.select().from(users).where(eq(users.username, username));
  const wrong = domainError("SIGN_IN_FAILED", "用户名或密码错误", "wrong username or password", { field: "password" });
  if (!u || !u.active) {
    dummyHash ??= hash(randomBytes(16).toString("hex"));
    await verify(await dummyHash, password).catch(() => false);
    await audit(ctx, {
      actorId: `username:${username}`,
      jurisdictionId: u?.jurisdictionId,
      action: "auth.sign_in",
      outcome: "unknown_user",
      ...(ip ? { ip } : {}),
    });
    return fail({ ...wrong, code: "UNAUTHORIZED" });
  }
  if (u.lockedUntil && u.lockedUntil.getTime() > now) {
    const minutes = Math.ceil((u.lockedUntil.getTime() - now) / 60_000);
    await audit(ctx, { actorId: u.id, jurisdictionId: u.jurisdictionId, action: "auth.sign_in", outcome: "locked", ...(ip ? { ip } : {}) });
    return fail(
      domainError(
        "ACCOUNT_LOCKED",
        `密码错误次数过多，账号已锁定，请 ${minutes} 分钟后再试或联系管理员`,
        `too many failed attempts: the account is locked for ${minutes} more minutes, or ask an administrator`,
      ),
    );
  }
  if (!(await verify(u.passwordHash, password).catch(() => false))) {
    const attempts = u.failedAttempts + 1;
    const lock = attempts >= LOCKOUT.attempts ? new Date(now + LOCKOUT.minutes * 60_000) : null;
    await ctx.db
      .update(users)
      .set({ failedAttempts: lock ? 0 : attempts, lockedUntil: lock })
      .where(eq(users.id, u.id));
    await audit(ctx, {
      actorId: u.id,
      jurisdictionId: u.jurisdictionId,
      action: "auth.sign_in",
      outcome: lock ? "locked_now" : "wrong_password",
      ...(ip ? { ip } : {}),
    });
    return fail({ ...wrong, code: "UNAUTHORIZED" });
  }
  await ctx.db.update(users).set({ failedAttempts: 0, lockedUntil: null }).where(eq(users.id, u.id));
  const sessionToken = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  await ctx.db
    .insert(sessions)
    .values({ id: sha256(sessionToken), userId: u.id, csrfToken, createdAt: new Date(now), expiresAt: new Date(now + SESSION_HOURS * 3_600_000) });
  await audit(ctx, { actorId: u.id, jurisdictionId: u.jurisdictionId, action: "auth.sign_in", outcome: "ok", ...(ip ? { ip } : {}) });
  return ok({
    sessionToken,
    csrfToken,
    user: {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      unitId: u.unitId,
      jurisdictionId: u.jurisdictionId,
      mustChangePassword: u.mustChangePassword,
    },
  });
}

/** The actor behind a session cookie, with the session's CSRF token; undefined when expired or unknown. */
export async function sessionActor(
  ctx: AppContext,
  sessionToken: string,
): Promise<{ actor: TicketActor; csrfToken: string; userId: string; jurisdictionId: string } | undefined> {
  const [r] = await ctx.db
    .select({ s: sessions, u: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sha256(sessionToken)), gt(sessions.expiresAt, new Date(ctx.now()))));
  if (!r || !r.u.active) return undefined;
  const role = r.u.role as Role;
  return {
    actor: { id: r.u.id, name: r.u.displayName, role, ...(r.u.unitId ? { unitId: r.u.unitId } : {}), jurisdictionId: r.u.jurisdictionId },
    csrfToken: r.s.csrfToken,
    userId: r.u.id,
    jurisdictionId: r.u.jurisdictionId,
  };
}

/** Ends a session. */
export async function signOut(ctx: AppContext, sessionToken: string, actor: { id: string; jurisdictionId?: string }): Promise<void> {
  await ctx.db.delete(sessions).where(eq(sessions.id, sha256(sessionToken)));
  await audit(ctx, { actorId: actor.id, jurisdictionId: actor.jurisdictionId, action: "auth.sign_out", outcome: "ok" });
}

/** Changes one's own password; other sessions of the account end. */
export async function changePassword(ctx: AppContext, userId: string, oldPassword: string, newPassword: string, keepSession: string): Promise<Result<true>> {
  const [u] = await ctx.db.select().from(users).where(eq(users.id, userId));
  if (!u || !(await verify(u.passwordHash, oldPassword).catch(() => false))) {
    await audit(ctx, { actorId: userId, jurisdictionId: u?.jurisdictionId, action: "auth.change_password", outcome: "wrong_password" });
    return fail(domainError("INVALID_ARGUMENT", "原密码错误", "the current password is wrong", { field: "oldPassword" }));
  }
  const problem = passwordProblem(newPassword);
  if (problem) return badPassword(problem);
  await ctx.db
    .update(users)
    .set({ passwordHash: await hash(newPassword), mustChangePassword: false })
    .where(eq(users.id, userId));
  const keep = sha256(keepSession);
  for (const s of await ctx.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId))) {
    if (s.id !== keep) await ctx.db.delete(sessions).where(eq(sessions.id, s.id));
  }
  await audit(ctx, { actorId: userId, jurisdictionId: u.jurisdictionId, action: "auth.change_password", outcome: "ok" });
  return ok(true);
}

/** An administrator resets a password: a new one is returned once, must be changed, and sessions end. */
export async function resetPassword(ctx: AppContext, actor: TicketActor, userId: string): Promise<Result<{ password: string }>> {
  if (!can(actor, "users.manage")) return fail(forbidden("users.manage"));
  const [u] = isUuid(userId) ? await ctx.db.select({ id: users.id, jurisdictionId: users.jurisdictionId }).from(users).where(eq(users.id, userId)) : [];
  // Another platform's account does not exist for this admin.
  if (!u || !reachesPlatform(actor, u.jurisdictionId)) return fail(domainError("USER_NOT_FOUND", "账号不存在", "no such account", { field: "id" }));
  const password = `${randomBytes(9).toString("base64url")}7a`;
  await ctx.db
    .update(users)
    .set({ passwordHash: await hash(password), mustChangePassword: true, failedAttempts: 0, lockedUntil: null })
    .where(eq(users.id, userId));
  await ctx.db.delete(sessions).where(eq(sessions.userId, userId));
  await audit(ctx, { actorId: actor.id, jurisdictionId: u.jurisdictionId, action: "user.reset_password", target: userId, outcome: "ok" });
  return ok({ password });
}

/** Accounts of a platform (no hashes), for whoever manages accounts there. */
export async function listUsers(ctx: AppContext, actor: TicketActor, jurisdictionId: string) {
  if (!can(actor, "users.manage")) return fail(forbidden("users.manage"));
  if (!reachesPlatform(actor, jurisdictionId)) return fail(otherPlatform("jurisdiction"));
  return ok(
    await ctx.db
      .select({
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        role: users.role,
        unitId: users.unitId,
        active: users.active,
        lockedUntil: users.lockedUntil,
      })
      .from(users)
      .where(eq(users.jurisdictionId, jurisdictionId))
      .orderBy(users.username),
  );
}

/** Whether an id names an account of a platform (a person who may have acted there). */
export async function isStaffOf(ctx: AppContext, userId: string, jurisdictionId: string): Promise<boolean> {
  if (!isUuid(userId)) return false;
  const [u] = await ctx.db.select({ jurisdictionId: users.jurisdictionId }).from(users).where(eq(users.id, userId));
  return u?.jurisdictionId === jurisdictionId;
}

/** The display names of staff by id (those that are accounts; tokens and jobs keep their ids). */
export async function staffNames(ctx: AppContext, ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter(isUuid))];
  if (!wanted.length) return new Map();
  const rows = await ctx.db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}
