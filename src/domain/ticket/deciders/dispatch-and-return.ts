import { addDuration, computeDeadline } from "../../deadlines/deadline-engine.ts";
import { domainError, fail, ok } from "../../shared/domain-error.ts";
import { TRANSITIONS } from "../commands.ts";
import { type Decided, type Deciders, checkUnits, clock, invalid, text } from "./shared.ts";

// Dispatch and return (派单、退回): the unit that handles a ticket, and its way back.

export const dispatchAndReturn: Deciders<"dispatch" | "requestReturn" | "decideReturn" | "designateExecutingUnit"> = {
  dispatch(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    const assisting = cmd.assistingUnitIds ?? [];
    if (!TRANSITIONS.dispatch.roles.includes(ctx.actor.role) && cmd.leadUnitId !== s.ownLineUnitId) {
      // A sub-centre handles its own line's tickets; one that belongs elsewhere is left to the hotline's dispatchers.
      return fail(
        invalid(
          "leadUnitId",
          "分中心、双号并行单位只能将本线路工单派给本单位办理，其他单位的事项由热线派单",
          "a sub-centre dispatches its own line's tickets to itself only; the hotline dispatches the rest",
          "GZ-7",
        ),
      );
    }
    const bad = checkUnits(ctx, s, [cmd.leadUnitId, ...assisting], "leadUnitId");
    if (bad) return fail(bad);
    if (cmd.catalogueUnitId && cmd.catalogueUnitId !== cmd.leadUnitId && !cmd.overrideReason?.trim()) {
      return fail(
        invalid("overrideReason", "未按派单目录派单，须说明理由", "dispatching to another unit than the catalogue's needs a reason", p.intakeRules.ticket),
      );
    }
    const shown = cmd.suggestedUnitIds ?? [];
    if (shown.length && shown[0] !== cmd.leadUnitId && !cmd.overrideReason?.trim()) {
      return fail(
        invalid("overrideReason", "未选用第一建议单位，须说明理由", "choosing another unit than the first suggestion needs a reason", p.intakeRules.ticket),
      );
    }
    const phoneRule = p.procedures.urgentDispatchPhoneCall;
    // The unit's own line took it: there is nobody to phone but itself.
    if (s.urgent && phoneRule && cmd.leadUnitId !== s.ownLineUnitId) {
      if (!cmd.unitPhoned || !cmd.unitPhoned.person?.trim()) {
        return fail(
          invalid(
            "unitPhoned",
            "突发工单派单时须电话通知承办单位并记录接听人",
            "an urgent ticket's unit is phoned at dispatch; record who answered",
            phoneRule,
          ),
        );
      }
    }
    const out: Decided[] = [];
    if (s.difficult && !s.difficultDecision) {
      const c = cmd.consultation;
      if (!c)
        return fail(
          invalid(
            "consultation",
            "疑难件须先记录会商意见再确定承办单位",
            "a difficult case needs the consultation record before its unit is decided",
            p.returns.rule,
          ),
        );
      const e = text(c.opinion, "consultation.opinion", "会商意见");
      if (e) return fail(e);
      const consulted = ctx.units.get(c.consultedUnitId);
      const wanted = p.returns.consultWith?.[c.disputeKind];
      if (!consulted) return fail(invalid("consultation.consultedUnitId", "会商单位不存在", "the consulted unit does not exist", p.returns.rule));
      if (wanted && consulted.kind !== wanted) {
        return fail(
          invalid(
            "consultation.consultedUnitId",
            `此类争议应征求${wanted}意见`,
            `a ${c.disputeKind} dispute is decided after consulting a ${wanted}`,
            p.returns.rule,
          ),
        );
      }
      out.push({ data: { type: "DifficultCaseDecided", decision: { ...c, decidedAt: now } }, rule: p.returns.rule });
    }
    const signLimit = computeDeadline(p, ctx.calendar, { rule: "sign", from: now, type: s.type, urgent: s.urgent, channel: s.channel });
    const checkLimit =
      p.limits.check.from === "receipt" ? computeDeadline(p, ctx.calendar, { rule: "check", from: now, type: s.type, urgent: s.urgent }) : undefined;
    const contactLimit = computeDeadline(p, ctx.calendar, { rule: "first-contact", from: now, type: s.type, urgent: s.urgent, channel: s.channel });
    const redispatch = s.assignment !== undefined || s.returnsCount > 0;
    const c = clock(ctx, s, redispatch && s.clock ? { kind: "redispatched", at: now } : { kind: "dispatched", at: now });
    if (!c.ok) return c;
    out.push({
      data: {
        type: "Dispatched",
        redispatch,
        assignment: {
          leadUnitId: cmd.leadUnitId,
          assistingUnitIds: assisting,
          dispatchedAt: now,
          ...(signLimit.ok ? { signDue: signLimit.value.due } : {}),
          ...(checkLimit?.ok ? { checkDue: checkLimit.value.due } : {}),
          ...(contactLimit.ok ? { firstContactDue: contactLimit.value.due } : {}),
          ...(cmd.unitPhoned ? { unitPhoned: cmd.unitPhoned } : {}),
        },
        clock: c.value.clock,
        deadline: c.value.change,
        ...(cmd.catalogueEntryId ? { catalogueEntryId: cmd.catalogueEntryId } : {}),
        ...(cmd.overrideReason && cmd.catalogueUnitId !== cmd.leadUnitId ? { catalogueOverrideReason: cmd.overrideReason } : {}),
        ...(shown.length
          ? {
              suggestion: {
                shown: [...shown],
                chosenRank: shown.indexOf(cmd.leadUnitId) + 1 || null,
                ...(shown[0] !== cmd.leadUnitId && cmd.overrideReason?.trim() ? { overrideReason: cmd.overrideReason.trim() } : {}),
              },
            }
          : {}),
      },
      rule: c.value.change?.rule ?? c.value.clock.rule,
    });
    return ok(out);
  },
  requestReturn(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    if (s.difficult && s.difficultDecision) {
      return fail(
        domainError("RETURN_NOT_ALLOWED", "疑难件经会商确定承办单位后不得退回", "a difficult case's decided unit may not return it", { rule: p.returns.rule }),
      );
    }
    const checkRule = (p.limits.check.urgent ?? p.limits.check.default)?.rule;
    const checkDue = s.assignment?.checkDue;
    if (checkDue !== undefined && now > checkDue) {
      return fail(
        domainError("RETURN_WINDOW_CLOSED", "已超过核查退回期限，须按期办理", "the window to ask for a return has closed; the unit must handle the ticket", {
          ...(checkRule ? { rule: checkRule } : {}),
        }),
      );
    }
    if (s.assignment && s.assignment.signedAt === undefined && p.limits.check.from === "signing") {
      return fail(
        domainError("COMMAND_NOT_ALLOWED", "须先签收再申请退回", "sign the ticket before asking for a return", {
          ...(checkRule ? { rule: checkRule } : {}),
          field: "status",
        }),
      );
    }
    const e = text(cmd.reason, "reason", "退回理由");
    if (e) return fail(e);
    // 派单异议 (国办函〔2025〕66号): a reason from the policy's list, citing what it relies on.
    const code = p.returns.reasonCodes.find((c) => c.code === cmd.reasonCode);
    if (!code)
      return fail(
        invalid(
          "reasonCode",
          `退回原因无效：${cmd.reasonCode ?? "未填"}，应为 ${p.returns.reasonCodes.map((c) => c.code).join("、")} 之一`,
          `unknown return reason code: ${cmd.reasonCode ?? "none"}`,
          checkRule,
        ),
      );
    if (cmd.catalogueEntryId !== undefined && !ctx.catalogueEntryIds?.has(cmd.catalogueEntryId)) {
      return fail(invalid("catalogueEntryId", "引用的派单目录条目不存在或已失效", "no such current catalogue entry on this platform", checkRule));
    }
    const cited = cmd.catalogueEntryId !== undefined || !!cmd.legalBasis?.trim();
    if ((code.citation || p.returns.requireLegalBasis) && !cited) {
      return fail(
        invalid(
          "legalBasis",
          `“${code.label}”须引用派单目录条目或职责依据（三定方案、权责清单条款）`,
          "this return must cite the catalogue entry or the legal basis (staffing plan, list of powers) it relies on",
          checkRule,
        ),
      );
    }
    if (cmd.legalBasis !== undefined) {
      const lb = text(cmd.legalBasis, "legalBasis", "退回依据");
      if (lb) return fail(lb);
    }
    const ruling = addDuration(p, ctx.calendar, now, p.returns.rulingWithin);
    const unit = ctx.actor.unitId ?? "";
    const request = {
      at: now,
      byUnitId: unit,
      reason: cmd.reason,
      reasonCode: code.code,
      ...(cmd.legalBasis ? { legalBasis: cmd.legalBasis } : {}),
      ...(cmd.catalogueEntryId ? { catalogueEntryId: cmd.catalogueEntryId } : {}),
      ...(ruling.ok ? { rulingDue: ruling.value.due } : {}),
    };
    return ok([{ data: { type: "ReturnRequested", request }, ...(checkRule ? { rule: checkRule } : {}) }]);
  },
  decideReturn(s, cmd, ctx) {
    const p = ctx.policy;
    const now = ctx.now;
    const e = text(cmd.reason, "reason", "审核意见");
    if (e) return fail(e);
    if (cmd.decision === "refuse") {
      const how = p.recompute.returnRefused;
      return ok([{ data: { type: "ReturnRefused", reason: cmd.reason }, ...(how ? { rule: how.rule } : {}) }]);
    }
    if (cmd.decision === "multi_unit") {
      const assisting = cmd.assistingUnitIds ?? [];
      if (assisting.length === 0) return fail(invalid("assistingUnitIds", "多单位办理须指定协办单位", "a multi-unit decision names the assisting units"));
      const bad = checkUnits(ctx, s, assisting, "assistingUnitIds");
      if (bad) return fail(bad);
      if (s.assignment && assisting.includes(s.assignment.leadUnitId))
        return fail(invalid("assistingUnitIds", "主办单位不能同时为协办单位", "the lead unit cannot also assist"));
      const c = clock(ctx, s, { kind: "multiUnitDecided", at: now });
      if (!c.ok) return c;
      return ok([
        {
          data: { type: "MultiUnitDecided", assistingUnitIds: assisting, reason: cmd.reason, clock: c.value.clock, deadline: c.value.change },
          rule: c.value.clock.rule,
        },
      ]);
    }
    const returnsCount = s.returnsCount + 1;
    const difficult = returnsCount >= p.returns.difficultAfter;
    return ok([
      {
        data: { type: "ReturnApproved", reason: cmd.reason, returnsCount, difficult },
        rule: difficult ? p.returns.rule : (p.recompute.redispatched?.rule ?? p.returns.rule),
      },
    ]);
  },
  designateExecutingUnit(s, cmd, ctx) {
    const bad = checkUnits(ctx, s, [cmd.unitId], "unitId");
    if (bad) return fail(bad);
    return ok([{ data: { type: "ExecutingUnitDesignated", unitId: cmd.unitId } }]);
  },
};
