import { domainError, type DomainError } from "../shared/domain-error.ts";
import { type UnitKind } from "../org/unit.ts";

// Where a catalogue entry's duty comes from (国办函〔2025〕66号: a catalogue built from the units'
// 三定 and 权责清单). A town or sub-district takes a matter only on its own duty list: a
// department's matter is not pushed down to it (属地推诿).

/** The kinds of document a duty can rest on. */
export const CATALOGUE_SOURCE_KINDS = ["staffing_plan", "power_list", "town_duty_list", "joint_meeting", "difficult_case_principle"] as const;
export type CatalogueSourceKind = (typeof CATALOGUE_SOURCE_KINDS)[number];

/** Chinese names of the source kinds. */
export const CATALOGUE_SOURCE_LABELS: Record<CatalogueSourceKind, string> = {
  staffing_plan: "三定方案",
  power_list: "权责清单",
  town_duty_list: "乡镇（街道）履职事项清单",
  joint_meeting: "联席会议决定",
  difficult_case_principle: "疑难件处理原则",
};

/** The document an entry's duty rests on: its kind, title, number and clause. */
export interface CatalogueSource {
  readonly kind: CatalogueSourceKind;
  readonly document: string;
  readonly number?: string;
  readonly clause?: string;
}

/** Units at the grassroots: a town's or sub-district's office (经办单位). */
const GRASSROOTS: readonly UnitKind[] = ["executing_unit"];

/**
 * The refusal for an entry that gives a town or sub-district a matter resting on anything but
 * its own duty list (66号: no push-down); undefined when the entry may stand.
 */
export function pushDownRefusal(leadUnitKind: UnitKind, source: CatalogueSource): DomainError | undefined {
  if (!GRASSROOTS.includes(leadUnitKind) || source.kind === "town_duty_list") return undefined;
  return domainError(
    "CATALOGUE_PUSH_DOWN",
    `不得将部门职责事项派给乡镇（街道）：依据为“${CATALOGUE_SOURCE_LABELS[source.kind]}”，须以该乡镇（街道）履职事项清单为依据`,
    "a department's matter may not be pushed down to a town or sub-district: only its own duty list (乡镇履职事项清单) gives it one",
    { field: "source.kind", rule: "国办函〔2025〕66号" },
  );
}
