import { z } from "zod";
import { CHANNELS, LISTED_OUTCOMES, RATING_APPEAL_GROUNDS, RATING_WORK, RATINGS, REQUEST_TYPES, SOLVED } from "../../app/vocabulary.ts";

// The years a hotline's records can fall in: the calendar holds no working days outside them,
// and a year 0000 or 9999 is a typing slip or a probe, never a citizen's matter.
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;
const YEARS = `${FIRST_YEAR}–${LAST_YEAR}`;
const inYears = (s: string) => {
  const y = Number(s.slice(0, 4));
  return y >= FIRST_YEAR && y <= LAST_YEAR;
};

/** ISO 8601 instant with an offset, turned into epoch ms. */
export const InstantSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, "ISO 8601 instant with offset, e.g. 2026-11-24T09:30:00+08:00")
  .refine(inYears, `year outside ${YEARS}`)
  .transform((s, ctx) => {
    const t = Date.parse(s);
    if (Number.isNaN(t)) ctx.addIssue({ code: "custom", message: "not a real date" });
    return t;
  });

/** A calendar day, YYYY-MM-DD, that exists (no 2026-02-30). */
export const DaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD")
  .refine(inYears, `year outside ${YEARS}`)
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "not a real day");

/** A month, YYYY-MM. */
export const MonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "YYYY-MM")
  .refine(inYears, `year outside ${YEARS}`);

const Text = (max: number) => z.string().trim().min(1).max(max);

const OutcomeSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("ticket") }).strict(),
  z.object({ decision: z.literal("direct_answer"), knowledgeArticleId: Text(64), answer: Text(10_000) }).strict(),
  z.object({ decision: z.literal("emergency_transfer"), emergencyLine: z.enum(["110", "119", "120", "122"]) }).strict(),
  z
    .object({
      decision: z.literal("legal_channel"),
      channelKind: z.enum([
        "litigation",
        "arbitration",
        "administrative_ruling",
        "discipline_inspection",
        "administrative_reconsideration",
        "information_disclosure",
        "petition",
      ]),
    })
    .strict(),
  z
    .object({
      decision: z.literal("other_authority"),
      authority: z.enum(["party_committee", "peoples_congress", "cppcc", "military", "court", "procuratorate", "armed_police"]),
    })
    .strict(),
  z.object({ decision: z.literal("progress_notice"), linkedTicketId: z.uuid() }).strict(),
  z.object({ decision: z.literal("confidential_matter"), secretKind: z.enum(["state", "trade", "privacy"]) }).strict(),
  z.object({ decision: z.literal("out_of_jurisdiction") }).strict(),
  z
    .object({ decision: z.literal("abusive_invalid"), abuseKind: z.enum(["insult", "defamation", "public_order", "repeat_concluded"]), note: Text(2000) })
    .strict(),
  z.object({ decision: z.literal("closed_by_reference"), statementTicketId: z.uuid() }).strict(),
]);

/** `POST /api/v1/jurisdictions/:id/contacts`: one contact and what the operator decided. */
export const IntakeBodySchema = z
  .object({
    channel: z.enum(CHANNELS),
    receivedAt: InstantSchema.optional(),
    requester: z
      .object({
        name: z.string().trim().max(100).optional(),
        phone: z.string().trim().max(20).optional(),
        kind: z.enum(["person", "legal_person", "organisation"]).default("person"),
        confidential: z.boolean().optional(),
      })
      .strict(),
    type: z.enum(REQUEST_TYPES),
    urgent: z.boolean().optional(),
    category: z.string().trim().max(100).optional(),
    title: z.string().trim().max(200).optional(),
    // Hard cap in UTF-16 units; the domain counts the 10 000-character limit in characters.
    content: z.string().max(20_000),
    location: z
      .object({ district: z.string().max(50).optional(), subDistrict: z.string().max(50).optional(), address: z.string().max(300).optional() })
      .strict()
      .optional(),
    outcome: OutcomeSchema.default({ decision: "ticket" }),
    /** The leader call-answering session the contact came in during (GZ-8, GX-23). */
    leaderSessionId: z.uuid().optional(),
    /** What the intake assistant suggested and what the operator chose (an override goes on the correction queue). */
    suggestionChoices: z
      .array(
        z
          .object({
            target: z.enum(["type", "category", "unit"]),
            modelVersion: z.number().int().nonnegative(),
            suggested: z.array(z.string().max(100)).max(10),
            chosen: z.string().trim().min(1).max(100),
          })
          .strict(),
      )
      .max(3)
      .optional(),
  })
  .strict();

/** A contact the region sends down to a city (GX-16): what the city's intake needs; it arrives by the region channel. */
export const SentDownContactSchema = z
  .object({
    requester: IntakeBodySchema.shape.requester,
    type: z.enum(REQUEST_TYPES),
    urgent: z.boolean().optional(),
    category: z.string().trim().max(100).optional(),
    title: z.string().trim().max(200).optional(),
    content: z.string().max(20_000),
    location: IntakeBodySchema.shape.location,
  })
  .strict();

const V = { version: z.number().int().positive() };

const reason = Text(2000);
const UnitId = z.uuid();

/** The body of each ticket command; every one carries the version it was decided on. */
export const CommandBodySchemas = {
  dispatch: z
    .object({
      ...V,
      leadUnitId: UnitId,
      assistingUnitIds: z.array(UnitId).max(20).optional(),
      catalogueUnitId: UnitId.optional(),
      overrideReason: z.string().max(2000).optional(),
      suggestedUnitIds: z.array(UnitId).max(3).optional(),
      consultation: z
        .object({ disputeKind: z.enum(["between_districts", "unclear_duties", "disputed_law"]), consultedUnitId: UnitId, opinion: Text(5000) })
        .strict()
        .optional(),
      unitPhoned: z
        .object({ at: InstantSchema, person: Text(100) })
        .strict()
        .optional(),
    })
    .strict(),
  sign: z.object(V).strict(),
  requestReturn: z
    .object({ ...V, reasonCode: z.string().min(1).max(64), reason, legalBasis: z.string().max(2000).optional(), catalogueEntryId: UnitId.optional() })
    .strict(),
  decideReturn: z
    .object({ ...V, decision: z.enum(["approve", "refuse", "multi_unit"]), reason, assistingUnitIds: z.array(UnitId).max(20).optional() })
    .strict(),
  designateExecutingUnit: z.object({ ...V, unitId: UnitId }).strict(),
  requestExtension: z.object({ ...V, reason, period: z.number().int().min(1).max(1000).optional() }).strict(),
  decideExtension: z.object({ ...V, approved: z.boolean(), reason }).strict(),
  addInformation: z.object({ ...V, text: Text(10_000) }).strict(),
  decideInformation: z.object({ ...V, relevant: z.boolean(), explanation: reason }).strict(),
  adjustDeadline: z.object({ ...V, due: InstantSchema, reason }).strict(),
  startStatutoryProcedure: z.object({ ...V, description: reason }).strict(),
  endStatutoryProcedure: z.object(V).strict(),
  fileLongRunningPlan: z.object({ ...V, plan: Text(10_000) }).strict(),
  reportStage: z.object({ ...V, report: Text(10_000) }).strict(),
  contactRequester: z.object({ ...V, method: z.enum(["phone", "visit", "sms", "online"]), note: Text(2_000), contactedAt: InstantSchema.optional() }).strict(),
  submitFeedback: z
    .object({
      ...V,
      handledAt: InstantSchema,
      process: z.string().max(10_000),
      result: z.string().max(10_000),
      requesterInformedBy: z.enum(["phone", "sms", "visit", "letter", "online"]),
      // Ids of files uploaded to this ticket first (`POST /api/v1/tickets/:id/attachments`).
      attachments: z.array(z.uuid()).max(30).optional(),
      assistingOpinions: z
        .array(z.object({ unitId: UnitId, opinion: Text(5000) }).strict())
        .max(20)
        .optional(),
      /** Whether the unit says the problem was solved; checked against the requester's answer at the callback. */
      solved: z.enum(SOLVED).optional(),
    })
    .strict(),
  reviewUnitFeedback: z.object({ ...V, approved: z.boolean(), reason: z.string().max(2000).default("") }).strict(),
  reviewFeedback: z.object({ ...V, approved: z.boolean(), reason: z.string().max(2000).default("") }).strict(),
  // Five levels (国办发〔2019〕51号) and "solved?" asked apart (解决情况).
  rate: z.object({ ...V, rating: z.enum(RATINGS), solved: z.enum(SOLVED).optional(), note: z.string().max(2000).optional() }).strict(),
  applyDefaultSatisfaction: z.object(V).strict(),
  fileRectification: z.object({ ...V, measures: Text(10_000), result: Text(10_000), attachments: z.array(z.uuid()).max(30).optional() }).strict(),
  appealRating: z.object({ ...V, ground: z.enum(RATING_APPEAL_GROUNDS), statement: Text(10_000), attachments: z.array(z.uuid()).max(30).optional() }).strict(),
  decideRatingAppeal: z.object({ ...V, upheld: z.boolean(), reason: Text(2_000) }).strict(),
  reviewRectification: z.object({ ...V, approved: z.boolean(), reason: z.string().max(2000).default("") }).strict(),
  orderRehandling: z.object({ ...V, reason }).strict(),
  supervise: z
    .object({
      ...V,
      supervisionId: z.uuid().optional(),
      method: z.enum(["phone", "online", "on_site", "meeting", "letter"]),
      reason: z.enum(["overdue", "non_compliant_feedback", "long_running", "other"]),
      note: Text(5000),
      answerDue: InstantSchema,
    })
    .strict(),
  answerSupervision: z.object({ ...V, supervisionId: z.string().min(1).max(64), text: Text(10_000) }).strict(),
  explainOverdue: z.object({ ...V, text: Text(5000) }).strict(),
  reviewUnsatisfied: z.object({ ...V, reasons: reason, calledBack: z.boolean() }).strict(),
  fileWrittenStatement: z.object({ ...V, statement: Text(10_000), legalBasis: Text(2000) }).strict(),
  conclude: z.object({ ...V, note: z.string().max(2000).optional() }).strict(),
  archive: z.object(V).strict(),
} as const;

/** `GET /api/v1/tickets` filters. */
export const TicketListQuerySchema = z
  .object({
    jurisdiction: z.string().max(64).optional(),
    status: z.string().max(40).optional(),
    unit: z.uuid().optional(),
    type: z.enum(REQUEST_TYPES).optional(),
    channel: z.enum(CHANNELS).optional(),
    overdue: z.enum(["true", "false"]).optional(),
    /** Waiting on a bad rating's work: a rectification to file or review, an appeal to decide (51号). */
    ratingWork: z.enum(RATING_WORK).optional(),
    /** With this outcome, as the rate formulas count it (the tickets behind a rate's numbers). */
    outcome: z.enum(LISTED_OUTCOMES).optional(),
    district: z.string().trim().min(1).max(50).optional(),
    from: InstantSchema.optional(),
    to: InstantSchema.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    sort: z.enum(["received_desc", "due_asc"]).default("received_desc"),
    cursor: z.string().max(200).optional(),
    leaderSession: z.uuid().optional(),
    /** Archived in this year (the archive's ticket volume, GX-28). */
    archiveYear: z.coerce.number().int().min(2000).max(2100).optional(),
    /** A ticket number, or words of the request (archive search, GX-28). */
    q: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type TicketListQuery = z.infer<typeof TicketListQuerySchema>;
