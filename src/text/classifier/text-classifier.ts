import { DEFAULT_FEATURES, terms, type FeatureOptions } from "./features.ts";
import { DEFAULT_SVM, margins, nbRatios, trainLinearSvm, type LinearWeights, type SvmOptions } from "./linear-svm.ts";
import { columns, fitVocabulary, vectorize, type Vocabulary, type VocabularyOptions } from "./vectorizer.ts";

/** One labelled text. */
export interface LabelledText {
  readonly text: string;
  readonly label: string;
}

/** One suggestion: a label and its share of the confidence among all labels (0–1). */
export interface Suggestion {
  readonly label: string;
  readonly score: number;
}

/** Options of {@link trainClassifier}. */
export interface TrainOptions {
  readonly features: FeatureOptions;
  readonly vocabulary: VocabularyOptions;
  readonly svm: SvmOptions;
  /** Power of the naive-Bayes feature scaling; 0 turns it off (a plain TF-IDF SVM). */
  readonly nbPower: number;
}

/** Keeps the model near 16 MB of weights however many labels there are. */
const WEIGHT_BUDGET = 4_000_000;

/** The options we ship, measured on the development messages (see README). */
export function defaultTrainOptions(labels: number): TrainOptions {
  return {
    features: DEFAULT_FEATURES,
    vocabulary: { minDocs: 2, maxTerms: Math.min(300_000, Math.floor(WEIGHT_BUDGET / Math.max(labels, 1))) },
    svm: DEFAULT_SVM,
    nbPower: 0.5,
  };
}

/** The classic baseline the issue compares against: TF-IDF over characters 1–3 + linear SVM. */
export function baselineTrainOptions(labels: number): TrainOptions {
  return { ...defaultTrainOptions(labels), features: { charNgrams: [1, 3], words: false }, nbPower: 0 };
}

/** A trained text classifier: vocabulary, labels and one linear model per label. */
export class TextClassifier {
  private readonly column: Map<string, number>;

  constructor(
    readonly labels: readonly string[],
    readonly features: FeatureOptions,
    readonly vocabulary: Vocabulary,
    readonly weights: LinearWeights,
  ) {
    this.column = columns(vocabulary);
  }

  /** The k best labels, best first. Scores are a softmax of the SVM margins: comparable within one answer, not calibrated probabilities. */
  suggest(text: string, k = 3): Suggestion[] {
    const m = margins(this.weights, vectorize(terms(text, this.features), this.vocabulary, this.column));
    // Margins live around [-1, 1]; scaling by 4 spreads the softmax so a clear winner shows.
    const exps = Array.from(m, (v) => Math.exp(4 * v));
    const total = exps.reduce((a, b) => a + b, 0);
    return exps
      .map((e, i) => ({ label: this.labels[i]!, score: e / total }))
      .sort((a, b) => b.score - a.score)
      .slice(0, k);
  }

  /** The best label. */
  predict(text: string): string {
    return this.suggest(text, 1)[0]?.label ?? "";
  }
}

/** Why a classifier cannot be trained from these examples. */
export class NotEnoughExamplesError extends Error {}

/** Trains a classifier; needs at least two labels. Deterministic: the same examples give the same model. */
export function trainClassifier(examples: readonly LabelledText[], opts?: TrainOptions): TextClassifier {
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length < 2) throw new NotEnoughExamplesError(`need at least 2 labels, got ${labels.length}`);
  const o = opts ?? defaultTrainOptions(labels.length);
  const index = new Map(labels.map((l, i) => [l, i]));
  const docs = examples.map((e) => terms(e.text, o.features));
  const vocabulary = fitVocabulary(docs, o.vocabulary);
  const column = columns(vocabulary);
  const x = docs.map((d) => vectorize(d, vocabulary, column));
  const y = examples.map((e) => index.get(e.label)!);
  const n = vocabulary.terms.length;
  const scale = o.nbPower > 0 ? nbRatios(x, y, labels.length, n, o.nbPower) : undefined;
  return new TextClassifier(labels, o.features, vocabulary, trainLinearSvm(x, y, labels.length, n, o.svm, scale));
}
