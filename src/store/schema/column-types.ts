import { customType } from "drizzle-orm/pg-core";

// Column types drizzle does not ship: raw bytes and full-text vectors.

/** Raw bytes; PGlite hands back a Uint8Array, node-postgres a Buffer: both become a Buffer. */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** A full-text vector; written with `to_tsvector('simple', …)` over jieba words. */
export const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
