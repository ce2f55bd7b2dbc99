/** A sparse, L2-normalised TF-IDF vector: parallel arrays of feature index and value. */
export interface SparseVector {
  readonly index: Int32Array;
  readonly value: Float32Array;
}

/** Options of {@link trainLinearSvm}. */
export interface SvmOptions {
  /** Cost of a margin violation; larger fits the training data harder. */
  readonly c: number;
  /** Upper bound on passes over the data. */
  readonly maxPasses: number;
  /** Stop when the projected gradient's spread falls under this (liblinear's default 0.1). */
  readonly tolerance: number;
  /** Seed of the visiting order, so training the same data gives the same model. */
  readonly seed: number;
}

export const DEFAULT_SVM: SvmOptions = { c: 2, maxPasses: 60, tolerance: 0.05, seed: 12345 };

/** Weights of one-vs-rest linear classifiers: row c is class c, with its bias kept apart. */
export interface LinearWeights {
  readonly classes: number;
  readonly features: number;
  readonly w: Float32Array;
  readonly bias: Float32Array;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One-vs-rest L2-regularised L2-loss linear SVM, trained by dual coordinate descent
 * (Hsieh et al. 2008, the algorithm of liblinear's default solver).
 *
 * Written here rather than taken from npm: the JS machine-learning packages either train
 * dense matrices (hopeless for 100 000 sparse n-gram features) or offer only naive Bayes,
 * which scores well below a linear SVM on short Chinese complaints. This is ~60 lines,
 * deterministic (seeded order) and trains 10 000 tickets in seconds.
 */
export function trainLinearSvm(
  x: readonly SparseVector[],
  y: readonly number[],
  classes: number,
  features: number,
  opts: SvmOptions = DEFAULT_SVM,
  scale?: Float32Array,
): LinearWeights {
  const w = new Float32Array(classes * features);
  const bias = new Float32Array(classes);
  const n = x.length;
  const diag = 1 / (2 * opts.c);
  const qii = new Float64Array(n);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let c = 0; c < classes; c++) {
    const sc = scale ? scale.subarray(c * features, (c + 1) * features) : undefined;
    for (let i = 0; i < n; i++) {
      const { index, value } = x[i]!;
      let s = 1; // the bias feature
      for (let k = 0; k < value.length; k++) {
        const v = value[k]! * (sc ? sc[index[k]!]! : 1);
        s += v * v;
      }
      qii[i] = s + diag;
    }
    const random = mulberry32(opts.seed + c);
    const alpha = new Float64Array(n);
    const off = c * features;
    let b = 0;
    for (let pass = 0; pass < opts.maxPasses; pass++) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
      }
      let pgMax = -Infinity;
      let pgMin = Infinity;
      for (let o = 0; o < n; o++) {
        const i = order[o]!;
        const { index, value } = x[i]!;
        const yi = y[i] === c ? 1 : -1;
        let dot = b;
        for (let k = 0; k < index.length; k++) dot += w[off + index[k]!]! * value[k]! * (sc ? sc[index[k]!]! : 1);
        const g = yi * dot - 1 + alpha[i]! * diag;
        const pg = alpha[i] === 0 ? Math.min(g, 0) : g;
        if (pg > pgMax) pgMax = pg;
        if (pg < pgMin) pgMin = pg;
        if (Math.abs(pg) > 1e-12) {
          const old = alpha[i]!;
          alpha[i] = Math.max(old - g / qii[i]!, 0);
          const d = (alpha[i]! - old) * yi;
          for (let k = 0; k < index.length; k++) w[off + index[k]!]! += d * value[k]! * (sc ? sc[index[k]!]! : 1);
          b += d;
        }
      }
      if (pgMax - pgMin < opts.tolerance) break;
    }
    bias[c] = b;
    // Fold the scale into the weights, so prediction is a plain dot product.
    if (sc) for (let j = 0; j < features; j++) w[off + j]! *= sc[j]!;
  }
  return { classes, features, w, bias };
}

/** The decision value of each class for one vector. */
export function margins(weights: LinearWeights, v: SparseVector): Float64Array {
  const out = new Float64Array(weights.classes);
  for (let c = 0; c < weights.classes; c++) {
    const off = c * weights.features;
    let s = weights.bias[c]!;
    for (let k = 0; k < v.index.length; k++) s += weights.w[off + v.index[k]!]! * v.value[k]!;
    out[c] = s;
  }
  return out;
}

/**
 * Naive-Bayes log-count ratios per class (Wang & Manning 2012, "NBSVM"): features that
 * tell a class from the rest are scaled up before the SVM sees them. `power` 0.5 (the
 * square root) measured best here: full ratios overfit the small categories.
 */
export function nbRatios(x: readonly SparseVector[], y: readonly number[], classes: number, features: number, power: number, smoothing = 1): Float32Array {
  const counts = new Float64Array(classes * features);
  for (let i = 0; i < x.length; i++) {
    const off = y[i]! * features;
    for (const j of x[i]!.index) counts[off + j]! += 1;
  }
  const total = new Float64Array(features);
  for (let c = 0; c < classes; c++) for (let j = 0; j < features; j++) total[j]! += counts[c * features + j]!;
  const out = new Float32Array(classes * features);
  for (let c = 0; c < classes; c++) {
    let pSum = 0;
    let qSum = 0;
    for (let j = 0; j < features; j++) {
      pSum += counts[c * features + j]! + smoothing;
      qSum += total[j]! - counts[c * features + j]! + smoothing;
    }
    for (let j = 0; j < features; j++) {
      const p = (counts[c * features + j]! + smoothing) / pSum;
      const q = (total[j]! - counts[c * features + j]! + smoothing) / qSum;
      out[c * features + j] = Math.pow(Math.abs(Math.log(p / q)), power);
    }
  }
  return out;
}
