/** Escapes text for XML element content. */
function esc(v: string): string {
  return v.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] ?? c);
}

/**
 * GeoReport v2's XML: a root element holding one element per item, each field a child
 * element (null fields empty). Hand-written: the documents are flat, and a general XML
 * library would add a dependency for twenty lines.
 */
export function toXml(root: string, item: string, rows: readonly Record<string, unknown>[]): string {
  const fields = (r: Record<string, unknown>): string =>
    Object.entries(r)
      .map(([k, v]) => (v === null || v === undefined ? `<${k}/>` : `<${k}>${esc(String(v))}</${k}>`))
      .join("");
  return `<?xml version="1.0" encoding="utf-8"?>\n<${root}>${rows.map((r) => `<${item}>${fields(r)}</${item}>`).join("")}</${root}>\n`;
}
