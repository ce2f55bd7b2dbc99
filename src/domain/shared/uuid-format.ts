/** True for a UUID. Ids from outside are checked before they reach a uuid column, where PostgreSQL would raise. */
export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
