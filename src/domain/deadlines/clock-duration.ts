/** Milliseconds of a duration counted on the clock (hours or minutes), not in working days. */
export function clockDurationMs(d: { readonly unit: "hours" | "minutes"; readonly n: number }): number {
  return d.n * (d.unit === "hours" ? 3_600_000 : 60_000);
}
