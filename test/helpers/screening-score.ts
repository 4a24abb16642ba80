import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultKeywords } from '../../src/screening/defaults.js';
import { compileRules, screenMessage } from '../../src/screening/screen.js';
import { flagTypes, type ScreeningOptions } from '../../src/screening/types.js';

export interface Labelled {
  text: string;
  expect: string[];
  urgent: boolean;
}

/** The project's root, from the sources or from their compiled copy under dist/. */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

export const fixtures = (): Labelled[] =>
  readFileSync(path.join(projectRoot(), 'test/fixtures/screening/messages.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Labelled);

export interface Score {
  label: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  misses: string[];
  falseAlarms: string[];
}

/** Precision and recall per flag type (and for "urgent") over the labelled messages. */
export function scoreScreening(rows = fixtures()): Score[] {
  const options: ScreeningOptions = { defaultCountry: 'US', flagSurnames: false, keywords: defaultKeywords, maxAttachmentBytes: 10 * 1024 * 1024 };
  const rules = compileRules(options.keywords);
  const results = rows.map((row) => {
    const flags = screenMessage(
      {
        subject: '',
        text: row.text,
        attachments: [],
        sender: { name: 'Morgan Mentor', emails: ['morgan@corp.example'] },
        recipient: { name: 'Pat Protege', emails: ['pat@school.example'] },
        alias: 'pair-abcdefghij@relay.test',
        domain: 'relay.test',
      },
      options,
      rules,
    );
    return { row, types: new Set<string>(flags.map((f) => f.type)), urgent: flags.some((f) => f.severity === 'urgent') };
  });
  // The types these messages are labelled with (grooming and disclosure came later: the independent set scores them).
  const labelled = new Set(rows.flatMap((r) => r.expect));
  const labels = [...flagTypes.filter((t) => t !== 'attachment' && labelled.has(t)), 'urgent'];
  return labels.map((label) => {
    const s: Score = { label, tp: 0, fp: 0, fn: 0, precision: 1, recall: 1, misses: [], falseAlarms: [] };
    for (const r of results) {
      const expected = label === 'urgent' ? r.row.urgent : r.row.expect.includes(label);
      const got = label === 'urgent' ? r.urgent : r.types.has(label);
      if (expected && got) s.tp++;
      else if (got) {
        s.fp++;
        s.falseAlarms.push(r.row.text);
      } else if (expected) {
        s.fn++;
        s.misses.push(r.row.text);
      }
    }
    s.precision = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
    s.recall = s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
    return s;
  });
}
