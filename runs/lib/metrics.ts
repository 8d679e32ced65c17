/** Classification metrics from predicted probabilities (count x classes) and true labels. */

export interface ClassificationSummary {
  accuracy: number;
  loss: number;
  macro_f1: number;
  /** confusion[true][predicted] counts. */
  confusion: number[][];
  predictions: Uint8Array;
}

/** Probabilities below this are clamped before the log, so one confident mistake cannot make the loss infinite. */
const MIN_PROBABILITY = 1e-12;

export function argmaxRows(probs: Float32Array, classes: number): Uint8Array {
  const count = probs.length / classes;
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    let best = 0;
    for (let j = 1; j < classes; j++) if (probs[i * classes + j]! > probs[i * classes + best]!) best = j;
    out[i] = best;
  }
  return out;
}

export function confusionMatrix(labels: ArrayLike<number>, predictions: ArrayLike<number>, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]!]![predictions[i]!]! += 1;
  return m;
}

/** Unweighted mean over classes of F1; a class never predicted and never present counts as F1 = 0 only if it appears in the labels. */
export function macroF1(confusion: number[][]): number {
  const classes = confusion.length;
  let sum = 0;
  let present = 0;
  for (let c = 0; c < classes; c++) {
    const tp = confusion[c]![c]!;
    const actual = confusion[c]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[c]!, 0);
    if (actual === 0 && predicted === 0) continue;
    present++;
    sum += actual + predicted === 0 ? 0 : (2 * tp) / (actual + predicted);
  }
  return present === 0 ? 0 : sum / present;
}

export function meanCrossEntropy(probs: Float32Array, labels: ArrayLike<number>, classes: number): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) total -= Math.log(Math.max(probs[i * classes + labels[i]!]!, MIN_PROBABILITY));
  return total / labels.length;
}

export function summarize(probs: Float32Array, labels: ArrayLike<number>, classes: number): ClassificationSummary {
  const predictions = argmaxRows(probs, classes);
  const confusion = confusionMatrix(labels, predictions, classes);
  let correct = 0;
  for (let c = 0; c < classes; c++) correct += confusion[c]![c]!;
  return { accuracy: correct / labels.length, loss: meanCrossEntropy(probs, labels, classes), macro_f1: macroF1(confusion), confusion, predictions };
}

export interface ConfidentError {
  index: number;
  label: number;
  prediction: number;
  confidence: number;
}

/** The `limit` wrong predictions with the highest predicted-class probability, most confident first. */
export function mostConfidentErrors(probs: Float32Array, labels: ArrayLike<number>, classes: number, limit: number): ConfidentError[] {
  const predictions = argmaxRows(probs, classes);
  const wrong: ConfidentError[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (predictions[i] !== labels[i]) wrong.push({ index: i, label: labels[i]!, prediction: predictions[i]!, confidence: probs[i * classes + predictions[i]!]! });
  }
  return wrong.sort((a, b) => b.confidence - a.confidence || a.index - b.index).slice(0, limit);
}
