import type { LabelledText, TextClassifier } from "./text-classifier.ts";

/** How well a classifier labels held-out texts. */
export interface Evaluation {
  readonly examples: number;
  readonly accuracy: number;
  /** Unweighted mean of the per-label F1, so small categories count as much as big ones. */
  readonly macroF1: number;
  readonly labels: readonly string[];
  /** confusion[i][j]: texts of labels[i] predicted as labels[j]. */
  readonly confusion: readonly (readonly number[])[];
  readonly perLabel: readonly { label: string; precision: number; recall: number; f1: number; support: number }[];
}

/** Scores predictions against true labels; labels unknown to either side still count. */
export function score(truth: readonly string[], predicted: readonly string[]): Evaluation {
  const labels = [...new Set([...truth, ...predicted])].sort();
  const at = new Map(labels.map((l, i) => [l, i]));
  const confusion = labels.map(() => labels.map(() => 0));
  truth.forEach((t, i) => {
    confusion[at.get(t)!]![at.get(predicted[i]!)!]! += 1;
  });
  let correct = 0;
  const perLabel = labels.map((label, i) => {
    const tp = confusion[i]![i]!;
    correct += tp;
    const support = confusion[i]!.reduce((a, b) => a + b, 0);
    const predictedAs = confusion.reduce((a, row) => a + row[i]!, 0);
    const precision = predictedAs ? tp / predictedAs : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  // Labels that never occur in the truth would add a 0 F1 for a mistake already counted.
  const scored = perLabel.filter((p) => p.support > 0);
  return {
    examples: truth.length,
    accuracy: truth.length ? correct / truth.length : 0,
    macroF1: scored.length ? scored.reduce((a, p) => a + p.f1, 0) / scored.length : 0,
    labels,
    confusion,
    perLabel,
  };
}

/** Labels every example with the classifier and scores the result. */
export function evaluate(model: TextClassifier, examples: readonly LabelledText[]): Evaluation {
  return score(
    examples.map((e) => e.label),
    examples.map((e) => model.predict(e.text)),
  );
}

/** The report the CLI prints: accuracy, `macro-F1 0.873`, per-label scores and the confusion matrix. */
export function formatEvaluation(e: Evaluation): string {
  const f = (n: number): string => n.toFixed(3);
  const lines = [`examples ${e.examples}`, `accuracy ${f(e.accuracy)}`, `macro-F1 ${f(e.macroF1)}`, "", "label\tprecision\trecall\tf1\tsupport"];
  for (const p of e.perLabel) lines.push(`${p.label}\t${f(p.precision)}\t${f(p.recall)}\t${f(p.f1)}\t${p.support}`);
  lines.push("", "confusion matrix (rows: true label, columns: predicted)", ["", ...e.labels.map((_, i) => `[${i + 1}]`)].join("\t"));
  e.labels.forEach((l, i) => lines.push([`[${i + 1}] ${l}`, ...e.confusion[i]!.map(String)].join("\t")));
  return `${lines.join("\n")}\n`;
}
