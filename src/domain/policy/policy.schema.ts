import { z } from "zod";
import { CHANNELS, RATINGS, REQUEST_TYPES } from "../shared/vocabulary.ts";
import { HOTLINE_INDICATOR_IDS, INDICATOR_IDS } from "../assessment/indicators.ts";
import { RateFormulaVersionsSchema } from "../assessment/rate-formulas.ts";

/** A rule ID of the requirements catalogue, e.g. `GZ-17.1`, `GX-26.2`, or a derived city's `NN-3`. */
export const RuleIdSchema = z.string().regex(/^[A-Z]{2,4}-\d+(\.\d+)?$/, "rule ID like GZ-17.1");

/** A length of time as a regulation states it. */
export const DurationSchema = z.object({
  unit: z.enum(["workingDays", "hours", "minutes"]),
  n: z.number().int().positive(),
});
/** A length of time as a regulation states it. */
export type Duration = z.infer<typeof DurationSchema>;

/** A time limit: a duration and the rule that sets it. */
export const LimitSchema = DurationSchema.extend({
  rule: RuleIdSchema,
  /** Why this value, where the regulation leaves it to the platform. */
  note: z.string().optional(),
});
/** A time limit: a duration and the rule that sets it. */
export type Limit = z.infer<typeof LimitSchema>;

/**
 * The limits of one kind, most specific first: urgent (突发) over category (finer graded
 * limits, GZ-17; fast track, GX-15) over channel (主席信箱, GX-26.2) over type over default.
 */
export const LimitSetSchema = z
  .object({
    urgent: LimitSchema.optional(),
    byCategory: z.record(z.string().min(1), LimitSchema).optional(),
    byChannel: z.partialRecord(z.enum(CHANNELS), LimitSchema).optional(),
    byType: z.partialRecord(z.enum(REQUEST_TYPES), LimitSchema).optional(),
    default: LimitSchema.optional(),
  })
  .strict();
/** The limits of one kind. */
export type LimitSet = z.infer<typeof LimitSetSchema>;

const LimitsSchema = z
  .object({
    /** From intake to dispatch. */
    dispatch: LimitSetSchema,
    /** From dispatch to signing. */
    sign: LimitSetSchema,
    /** Last moment a return may be asked: from receipt (GZ-14) or from signing (GX-26.3). */
    check: LimitSetSchema.extend({ from: z.enum(["receipt", "signing"]) }),
    /** From dispatch (or the event the policy counts from) to the reply. */
    handling: LimitSetSchema,
    knowledgeQuestion: LimitSetSchema,
    statutoryReport: LimitSetSchema,
    stageReport: LimitSetSchema,
    appeal: LimitSetSchema,
    defaultSatisfied: LimitSetSchema,
    /** From dispatch to the unit's first contact with the requester (GX-26.1); none where the regulation sets no time. */
    firstContact: LimitSetSchema.default({}),
    /** From a bad rating (差评) to the unit's rectification (整改, 国办发〔2019〕51号: 15 working days); none: not required. */
    rectification: LimitSetSchema.default({}),
    /** From a rating to the last moment its unit may appeal it as malicious or unreasonable (51号); none: no appeals. */
    ratingAppeal: LimitSetSchema.default({}),
  })
  .strict(); // A limit of a kind the engine does not know would be silently ignored: refused, named.

/** What an event does to a running handling limit (deadlines.md, "What happens to a running limit"). */
export const RecomputeSchema = z.object({
  /** `restart`: a new limit of the original length from the event; `unchanged`: keep it; `set`: the hotline sets it. */
  effect: z.enum(["restart", "unchanged", "set"]),
  rule: RuleIdSchema,
});

/** Events that may change a running handling limit; a cause the policy omits is refused. */
export const RECOMPUTE_CAUSES = ["redispatched", "returnRefused", "multiUnitDecided", "newInformationAccepted", "forceMajeure", "feedbackSentBack"] as const;
/** One cause of a limit change. */
export type RecomputeCause = (typeof RECOMPUTE_CAUSES)[number];

/** A jurisdiction policy: every number of its regulation, with the rule ID beside it. */
export const PolicySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  /** The policy this one derives from (GX-38: a city policy overriding parts of the regional one). */
  extends: z.string().optional(),
  regulation: z.string().min(1),
  timeZone: z.string().min(1),
  /** Local time a working-day limit ends, `HH:MM:SS.mmm`; the end of the day unless the platform sets office hours. */
  dayEndsAt: z.string().regex(/^\d{2}:\d{2}:\d{2}\.\d{3}$/),
  ticketNumberPrefix: z.string().regex(/^[A-Z]{2,4}$/),
  calendar: z.object({
    region: z
      .object({
        scope: z.string().regex(/^[A-Z]{2,8}$/),
        holidayName: z.string().min(1),
        provisionalLunarDays: z.array(z.object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(30) })).min(1),
        rule: RuleIdSchema,
      })
      .optional(),
  }),
  limits: LimitsSchema,
  /** Steps a jurisdiction requires beyond the common workflow, each with its rule. */
  procedures: z.object({
    /** Urgent tickets: the unit is also phoned at dispatch, and the call recorded (GX-25.2). */
    urgentDispatchPhoneCall: RuleIdSchema.optional(),
    /** An unsatisfied rating is reviewed, the requester called back and the reasons fed to the unit before concluding (GX-27.3). */
    unsatisfiedReview: RuleIdSchema.optional(),
    /** Supervision of units, answered by them (GZ-23; GX-27). */
    supervision: RuleIdSchema,
    /** An overdue ticket's unit states the reason (GX-27.1). */
    overdueExplanation: RuleIdSchema.optional(),
    /** Staff misconduct recorded for accountability (GZ-26, GX-36), and the measures taken (GX-37). */
    misconductRecord: RuleIdSchema,
    misconductMeasure: RuleIdSchema,
  }),
  /**
   * Satisfaction (GZ-20, GX-27.2) on the national five levels (国办发〔2019〕51号): which levels count
   * as satisfied in rates and scores, and the level silence gives where the regulation defaults one.
   */
  satisfaction: z.object({
    satisfiedLevels: z.array(z.enum(RATINGS)).min(1),
    /** The bad ratings (差评) a person calls back and the unit rectifies within `limits.rectification` (51号). */
    badLevels: z.array(z.enum(RATINGS)).min(1),
    /** The level silence gives (GX-27.2: no answer within 24 hours counts as satisfied); absent where silence gives none. */
    defaultLevel: z.enum(RATINGS).optional(),
    rule: RuleIdSchema,
    /** A unit's reply that says solved where the requester says not (疑似不实反馈): flagged for the supervisors (GZ-26, GX-37). */
    replyMismatchRule: RuleIdSchema,
    note: z.string().optional(),
  }),
  /** When a running limit is flagged "due soon" (an operational setting, not a regulation's number). */
  alerts: z.object({ dueSoonBefore: DurationSchema.extend({ unit: z.enum(["hours", "minutes"]) }), note: z.string().optional() }),
  recompute: z.partialRecord(z.enum(RECOMPUTE_CAUSES), RecomputeSchema),
  /** The rule behind each intake decision (GZ-11 … GZ-13, GZ-22; GX-21, GX-25). */
  intakeRules: z.record(
    z.enum([
      "ticket",
      "direct_answer",
      "emergency_transfer",
      "legal_channel",
      "other_authority",
      "progress_notice",
      "confidential_matter",
      "out_of_jurisdiction",
      "abusive_invalid",
      "closed_by_reference",
    ]),
    RuleIdSchema,
  ),
  extension: z.object({
    maxCount: z.number().int().min(0),
    /** Each extension's length as a multiple of the original handling limit. */
    lengthFactor: z.number().positive(),
    mustApplyBeforeDue: z.boolean(),
    rule: RuleIdSchema,
  }),
  rehandle: z.object({ maxCount: z.number().int().min(0), extensionAllowed: z.boolean(), rule: RuleIdSchema }),
  returns: z.object({
    difficultAfter: z.number().int().positive(),
    rule: RuleIdSchema,
    /** A return request must cite its legal basis (GZ-14). */
    requireLegalBasis: z.boolean(),
    /** Which kind of unit is consulted for each kind of dispute over a difficult case (GZ-16); absent: any unit. */
    consultWith: z.partialRecord(z.enum(["between_districts", "unclear_duties", "disputed_law"]), z.string()).optional(),
    /**
     * The reasons a unit may give for a return (派单异议, 国办函〔2025〕66号), and whether each must
     * cite the catalogue entry or the legal basis (三定方案、权责清单) it relies on.
     */
    reasonCodes: z.array(z.object({ code: z.string().regex(/^[a-z][a-z_]*$/), label: z.string().min(1), citation: z.boolean() })).min(1),
    /** How long the hotline has to rule on a return request; a later ruling is flagged for the supervisors. */
    rulingWithin: LimitSchema,
  }),
  assessment: z.object({
    scale: z.number().int().positive(),
    yearStartMonth: z.number().int().min(1).max(12),
    yearStartDay: z.number().int().min(1).max(28),
    rule: RuleIdSchema,
    /** Indicator sets by the assessment year they start in (GZ-24, GX-31: configurable each year); weights sum to the scale. */
    indicatorSets: z
      .array(
        z.object({
          fromYear: z.number().int().min(2000).max(2100),
          indicators: z.array(z.object({ id: z.enum(INDICATOR_IDS), weight: z.number().positive() })).min(1),
          note: z.string().optional(),
        }),
      )
      .min(1),
    /**
     * The hotline's own score (派单质量, 国办函〔2025〕66号): its indicators and weights, summing to
     * its scale. A return the hotline approves counts here, against its dispatch; one it refuses
     * counts against the unit (returnAccuracy). Absent: the hotline is not scored.
     */
    hotline: z
      .object({
        scale: z.number().int().positive(),
        rule: RuleIdSchema,
        indicators: z.array(z.object({ id: z.enum(HOTLINE_INDICATOR_IDS), weight: z.number().positive() })).min(1),
        note: z.string().optional(),
      })
      .optional(),
    /**
     * 三率 and the on-time rate as formulas over the tickets' outcomes, versioned by the day each
     * takes effect (51号 leaves the counting to the province); absent: the defaults.
     */
    rateFormulas: RateFormulaVersionsSchema.optional(),
    /** Escalating warnings by a unit's overdue tickets in a month (GX-34): each level's threshold, lowest first. */
    warnings: z
      .object({
        levels: z.array(z.object({ level: z.enum(["sms", "yellow", "red"]), overdueAtLeast: z.number().int().positive() })).min(1),
        rule: RuleIdSchema,
        note: z.string().optional(),
      })
      .optional(),
  }),
  /**
   * 接诉即办 (GX-15): categories handled by a fast linkage; where the policy gives them their own
   * handling limit, a ticket of one is counted by it (after urgency, before the rest).
   */
  fastTrackCategories: z.object({ categories: z.array(z.string().min(1)), rule: RuleIdSchema, handling: LimitSchema.optional() }),
  /**
   * The archive (GX-28): concluded tickets are filed this many days after their conclusion, and
   * each kind of record is kept so many years (null: permanently). Recordings: `calls`.
   */
  archive: z.object({
    afterDays: z.number().int().min(0).max(365),
    retention: z.object({
      ticket: z.object({ years: z.number().int().positive().nullable() }),
      callRecord: z.object({ years: z.number().int().positive().nullable() }),
      leaderInstruction: z.object({ years: z.number().int().positive().nullable() }),
      meetingMaterial: z.object({ years: z.number().int().positive().nullable() }),
    }),
    rule: RuleIdSchema,
    note: z.string().optional(),
  }),
  /** Calls: the answer target (GX-25.1), how long recordings are kept (GX-28), the missed-call callback target. */
  calls: z.object({
    answerWithinSeconds: z.number().int().positive(),
    answerRule: RuleIdSchema,
    recordingRetentionYears: z.number().int().positive(),
    retentionRule: RuleIdSchema,
    /** Hours or minutes: a missed call is called back the same day, not counted in working days. */
    missedCallback: DurationSchema.extend({ unit: z.enum(["hours", "minutes"]), note: z.string().optional() }),
  }),
});
/** A jurisdiction policy after validation. */
export type Policy = z.infer<typeof PolicySchema>;

/** The names of the limit kinds a policy holds. */
export type LimitKind = keyof Policy["limits"];
