// Trains screening's learned detector (src/screening/model.ts) on labelled messages and writes its
// weights to src/screening/model-weights.ts. Also measures it, set by set: trained on every other
// set, scored on the one left out, alone and together with the phrase patterns.
// Usage: npm run train-model -- [--show] FILE.jsonl [FILE.jsonl ...]   (the JSON Lines format of the README,
// Screening; --show prints what the held-out halves still miss or flag wrongly)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultKeywords } from '../src/screening/defaults.js';
import { featuresOf, scoreOf, type Model, type Role, type Weights } from '../src/screening/model.js';
import { normalize } from '../src/screening/normalize.js';
import { compileRules, screenMessage } from '../src/screening/screen.js';

interface Case {
  id: string;
  side: Role;
  subject: string;
  text: string;
  expect: 'none' | 'review' | 'urgent';
  types: string[];
}
interface Row {
  set: string;
  c: Case;
  features: string[];
  /** What the phrase patterns and other detectors alone find. */
  flagged: boolean;
  urgent: boolean;
}

const show = process.argv.includes('--show');
const files = process.argv.slice(2).filter((a) => a !== '--show');
if (files.length === 0) {
  console.error('usage: npm run train-model -- FILE.jsonl [FILE.jsonl ...]');
  process.exit(2);
}

// The model must not learn from itself: the patterns are run with an empty model.
const empty: Weights = { bias: -100, threshold: 0, weights: {} };
const noModel: Model = { urgent: empty, disclosure: empty };
const options = { defaultCountry: 'US', flagSurnames: true, keywords: defaultKeywords, maxAttachmentBytes: 10 * 1024 * 1024, model: noModel };
const rules = compileRules(defaultKeywords);
const mentor = { name: 'Morgan Lee', emails: ['morgan.lee@acme-corp.example'] };
const protege = { name: 'Pat Rivera', emails: ['pat.rivera@lincoln-high.example'] };

const rows: Row[] = files.flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const c = JSON.parse(line) as Case;
      const flags = screenMessage(
        { subject: c.subject, text: c.text, attachments: [], sender: c.side === 'mentor' ? mentor : protege, recipient: c.side === 'mentor' ? protege : mentor, senderRole: c.side, alias: 'pair-abcdefghij@relay.test', domain: 'relay.test' },
        options,
        rules,
      );
      const words = normalize(`${c.subject}. ${c.text}`).text.split(' ').filter(Boolean);
      return { set: file, c, features: [...featuresOf(words)], flagged: flags.some((f) => f.severity !== 'info'), urgent: flags.some((f) => f.severity === 'urgent') };
    }),
);

const L2 = 1e-3;
const STEPS = 400;
const RATE = 0.5;
/** The share of ordinary messages the patterns leave alone that the model may flag, on held-out folds. */
const FALSE_FLAGS = 0.02;

/**
 * Logistic regression by gradient descent over binary features seen at least twice: each feature a
 * weight alone and one per role, so the same words can weigh more from one side.
 */
function train(data: Row[], label: (r: Row) => boolean): Omit<Weights, 'threshold'> {
  const seen = new Map<string, number>();
  for (const r of data) for (const f of r.features) seen.set(f, (seen.get(f) ?? 0) + 1);
  const index = new Map<string, number>();
  for (const [f, n] of seen) if (n >= 2) index.set(f, index.size);
  const k = index.size;
  const w = new Float64Array(3 * k);
  let bias = 0;
  const xs = data.map((r) => ({ at: r.features.map((f) => index.get(f)).filter((i): i is number => i !== undefined), column: r.c.side === 'mentor' ? 1 : 2, y: label(r) ? 1 : 0 }));
  for (let step = 0; step < STEPS; step++) {
    const g = new Float64Array(3 * k);
    let gb = 0;
    for (const x of xs) {
      let z = bias;
      for (const i of x.at) z += w[3 * i]! + w[3 * i + x.column]!;
      const d = 1 / (1 + Math.exp(-z)) - x.y;
      gb += d;
      for (const i of x.at) {
        g[3 * i] = g[3 * i]! + d;
        g[3 * i + x.column] = g[3 * i + x.column]! + d;
      }
    }
    for (let i = 0; i < w.length; i++) w[i] = w[i]! - RATE * (g[i]! / xs.length + L2 * w[i]!);
    bias -= (RATE * gb) / xs.length;
  }
  const weights: Weights['weights'] = {};
  for (const [f, i] of index) {
    const row: [number, number, number] = [w[3 * i]!, w[3 * i + 1]!, w[3 * i + 2]!].map((v) => Math.round(v * 1e4) / 1e4) as [number, number, number];
    if (row.some((v) => Math.abs(v) >= 1e-3)) weights[f] = row;
  }
  return { bias: Math.round(bias * 1e4) / 1e4, weights };
}

const isUrgent = (r: Row) => r.c.expect === 'urgent';
const isDisclosure = (r: Row) => r.c.types.includes('disclosure');
const score = (r: Row, w: Omit<Weights, 'threshold'>) => scoreOf(r.features, { ...w, threshold: 0 }, r.c.side);

/** The urgent model with its threshold, chosen on five held-out folds of `data`. */
function trainUrgent(data: Row[]): Weights {
  const heldOut: number[] = [];
  for (let fold = 0; fold < 5; fold++) {
    const w = train(data.filter((_, i) => i % 5 !== fold), isUrgent);
    data.forEach((r, i) => {
      if (i % 5 === fold && r.c.expect === 'none' && !r.flagged) heldOut.push(score(r, w));
    });
  }
  heldOut.sort((a, b) => a - b);
  const threshold = heldOut[Math.min(heldOut.length - 1, Math.floor(heldOut.length * (1 - FALSE_FLAGS)))] ?? 0;
  return { ...train(data, isUrgent), threshold: Math.round(threshold * 1e4) / 1e4 };
}

const rate = (rows: Row[], hit: (r: Row) => boolean) => (rows.length === 0 ? 0 : rows.filter(hit).length / rows.length);
console.log('left out                 n   urgent recall: patterns -> with model   false flags: patterns -> with model');
// The even-numbered half of each set too: the phrase patterns were tuned on odd-numbered halves only.
const even = (r: Row) => Number(r.c.id.replace(/\D/g, '')) % 2 === 0;
for (const [file, half] of files.flatMap((f) => [[f, false], [f, true]] as const)) {
  const test = rows.filter((r) => r.set === file && (!half || even(r)));
  const urgent = trainUrgent(rows.filter((r) => r.set !== file));
  const byModel = (r: Row) => score(r, urgent) > urgent.threshold;
  const u = test.filter(isUrgent);
  const none = test.filter((r) => r.c.expect === 'none');
  const name = file.split('/').pop()! + (half ? ' even' : '');
  console.log(
    `${name.padEnd(24)} ${String(test.length).padStart(3)}   ${rate(u, (r) => r.urgent).toFixed(2)} -> ${rate(u, (r) => r.urgent || byModel(r)).toFixed(2)}` +
      `                       ${rate(none, (r) => r.flagged).toFixed(2)} -> ${rate(none, (r) => r.flagged || byModel(r)).toFixed(2)}`,
  );
  if (show && half) {
    for (const r of u) if (!r.urgent && !byModel(r)) console.log(`  missed ${r.c.id} (${r.c.side}): ${r.c.text.slice(0, 160)}`);
    for (const r of none) if (!r.flagged && byModel(r)) console.log(`  false  ${r.c.id} (${r.c.side}): ${r.c.text.slice(0, 160)}`);
  }
}

const model: Model = { urgent: trainUrgent(rows), disclosure: { ...train(rows.filter(isUrgent), isDisclosure), threshold: 0 } };
const out = fileURLToPath(new URL('../../src/screening/model-weights.ts', import.meta.url));
writeFileSync(
  out,
  `// Generated by \`npm run train-model\` (bench/train-model.ts) from ${rows.length} labelled messages: do not edit.\n` +
    `import type { Model } from './model.js';\n\nexport const learned: Model = ${JSON.stringify(model)};\n`,
);
console.log(`wrote ${out}: ${Object.keys(model.urgent.weights).length} + ${Object.keys(model.disclosure.weights).length} features`);
