import { excerptOf } from './excerpt.js';
import type { Normalized } from './normalize.js';
import type { Flag, Span } from './types.js';
import { learned } from './model-weights.js';

/**
 * A learned detector beside the phrase patterns: two logistic regressions over the words and word pairs
 * of the normalized text, one telling a message that needs a safeguarding look at once (grooming, a
 * move off the program, a disclosure of harm) from the rest, one telling a disclosure from grooming.
 * Trained by `npm run train-model` on labelled messages written by people who had not seen the
 * detectors (see the README, Screening, for how it is measured); its weights are data, in
 * model-weights.ts. It catches phrasings no pattern lists, and names no category: the reviewer reads
 * the sentence it marks.
 */

/** Whose words these are: a word weighs as itself, and again as a mentor's or a protégé's word. */
export type Role = 'mentor' | 'protege';

export interface Weights {
  bias: number;
  /** Above this score a window of text is flagged (chosen on held-out folds, see the training script). */
  threshold: number;
  /** By feature: its weight alone, from a mentor, from a protégé. */
  weights: Record<string, [number, number, number]>;
}

export interface Model {
  urgent: Weights;
  /** Positive: a disclosure; negative: grooming. */
  disclosure: Weights;
}

/** A window of at most this many words is scored at a time, about the length of the messages it learned from. */
export const WINDOW_WORDS = 150;
/**
 * The model reads the first this many characters of a normalized text (some 3,000 words, fifteen times
 * the longest message it learned from); the patterns read all of it. Scoring costs about 0.1 ms per
 * thousand characters, which a 100 KB text would make the largest part of screening.
 */
export const LEARNED_CHARS = 20_000;

/** Features of a run of normalized words: each word, and each pair of neighbouring words ("a b"). */
export function featuresOf(words: string[]): Set<string> {
  const features = new Set<string>(words);
  for (let i = 1; i < words.length; i++) features.add(`${words[i - 1]} ${words[i]}`);
  return features;
}

const roleColumn = (role: Role | undefined) => (role === 'mentor' ? 1 : role === 'protege' ? 2 : 0);

/** The score of a set of features (a logistic regression's log-odds). */
export function scoreOf(features: Iterable<string>, w: Weights, role: Role | undefined): number {
  const column = roleColumn(role);
  let score = w.bias;
  for (const f of features) {
    const row = w.weights[f];
    if (row) score += row[0] + (column > 0 ? row[column]! : 0);
  }
  return score;
}

/** A model's weights for one role, as a map (faster than the object on long texts), and the first words of its word pairs. */
interface Lookup {
  weight: Map<string, number>;
  pairStarts: Set<string>;
}
const lookups = new WeakMap<Weights, Lookup[]>();
function lookupOf(w: Weights, role: Role | undefined): Lookup {
  let byRole = lookups.get(w);
  if (!byRole) {
    const features = Object.entries(w.weights);
    const pairStarts = new Set(features.filter(([f]) => f.includes(' ')).map(([f]) => f.slice(0, f.indexOf(' '))));
    byRole = [0, 1, 2].map((column) => ({ weight: new Map(features.map(([f, row]) => [f, row[0] + (column > 0 ? row[column]! : 0)])), pairStarts }));
    lookups.set(w, byRole);
  }
  return byRole[roleColumn(role)]!;
}

/** scoreOf(featuresOf(words)), without building the features that carry no weight (a pair only after a word that starts one). */
export function scoreWords(words: string[], w: Weights, role: Role | undefined): number {
  const { weight, pairStarts } = lookupOf(w, role);
  const found = new Map<string, number>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const v = weight.get(word);
    if (v !== undefined) found.set(word, v);
    if (i > 0 && pairStarts.has(words[i - 1]!)) {
      const pair = `${words[i - 1]} ${word}`;
      const p = weight.get(pair);
      if (p !== undefined) found.set(pair, p);
    }
  }
  let score = w.bias;
  for (const v of found.values()) score += v;
  return score;
}

interface Sentence {
  words: string[];
  /** Where it starts and ends in the normalized text. */
  start: number;
  end: number;
}

/**
 * The sentences of the normalized text's first `limit` characters: a space of the normalized text
 * ends one where the original text has a full stop, a question or exclamation mark or a line break in
 * its place.
 */
function sentencesOf(text: string, n: Normalized, limit: number): Sentence[] {
  const sentences: Sentence[] = [];
  let words: string[] = [];
  let start = 0;
  const length = Math.min(n.text.length, limit);
  for (let at = 0; at < length; ) {
    let end = n.text.indexOf(' ', at);
    if (end < 0 || end >= length) end = length;
    words.push(n.text.slice(at, end));
    const from = n.index[end];
    const to = end + 1 < n.text.length ? n.index[end + 1]! : text.length;
    let stops = end >= length;
    if (from !== undefined) {
      for (let k = from; k < to && !stops; k++) {
        const c = text.charCodeAt(k);
        stops = c === 46 || c === 33 || c === 63 || c === 10;
      }
    }
    if (stops) {
      sentences.push({ words, start, end });
      words = [];
      start = end + 1;
    }
    at = end + 1;
  }
  return sentences;
}

/**
 * A flag where the learned model scores a window of sentences above its threshold: grooming or
 * disclosure as the second model says, marking the window's sentence that scores highest. Urgent, as
 * the patterns' flags of the same kinds.
 */
export function findLearned(text: string, n: Normalized, role: Role | undefined, model: Model = learned): Flag[] {
  const sentences = sentencesOf(text, n, LEARNED_CHARS);
  const spans: Span[] = [];
  let disclosure = 0;
  for (let i = 0; i < sentences.length; ) {
    let j = i;
    let count = 0;
    while (j < sentences.length && (j === i || count + sentences[j]!.words.length <= WINDOW_WORDS)) count += sentences[j++]!.words.length;
    const window = sentences.slice(i, j);
    const words = window.length === 1 ? window[0]!.words : window.flatMap((s) => s.words);
    if (scoreWords(words, model.urgent, role) > model.urgent.threshold) {
      const scored = window.map((s) => ({ s, score: scoreWords(s.words, model.urgent, role) }));
      const best = scored.reduce((a, b) => (b.score > a.score ? b : a)).s;
      disclosure += scoreWords(words, model.disclosure, role) > 0 ? 1 : -1;
      spans.push({ start: n.index[best.start]!, end: n.index[Math.max(best.start, best.end - 1)]! + 1 });
    }
    i = j;
  }
  if (spans.length === 0) return [];
  const type = disclosure > 0 ? 'disclosure' : 'grooming';
  return [
    {
      type,
      severity: 'urgent',
      excerpt: excerptOf(text, spans[0]!),
      spans,
      detail: `${type}: worded like the ${type === 'disclosure' ? 'disclosures' : 'grooming'} screening learned from (no listed phrase)`,
    },
  ];
}
