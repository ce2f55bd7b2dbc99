import { TextClassifier } from "./text-classifier.ts";

interface Header {
  readonly format: 1;
  readonly labels: readonly string[];
  readonly features: TextClassifier["features"];
  readonly terms: readonly string[];
}

function floats(buf: Buffer, offset: number, length: number): Float32Array {
  // Copy: a Buffer's byteOffset need not be 4-aligned for a Float32Array view.
  return new Float32Array(buf.buffer.slice(buf.byteOffset + offset, buf.byteOffset + offset + length * 4));
}

/** A model as bytes for the database: a JSON header (labels, options, terms), then idf, weights, biases as float32. */
export function serializeModel(m: TextClassifier): Buffer {
  const header: Header = { format: 1, labels: m.labels, features: m.features, terms: m.vocabulary.terms };
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  const f32 = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return Buffer.concat([len, json, f32(m.vocabulary.idf), f32(m.weights.w), f32(m.weights.bias)]);
}

/** Reads a model written by {@link serializeModel}. */
export function deserializeModel(buf: Buffer): TextClassifier {
  const jsonLength = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + jsonLength).toString("utf8")) as Header;
  if (header.format !== 1) throw new Error(`unknown model format ${String(header.format)}`);
  const features = header.terms.length;
  const classes = header.labels.length;
  let at = 4 + jsonLength;
  const idf = floats(buf, at, features);
  at += features * 4;
  const w = floats(buf, at, classes * features);
  at += classes * features * 4;
  const bias = floats(buf, at, classes);
  return new TextClassifier(header.labels, header.features, { terms: header.terms, idf }, { classes, features, w, bias });
}
