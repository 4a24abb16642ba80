// Screening quality: precision and recall per flag type over the labelled messages in
// test/fixtures/screening/messages.jsonl. Usage: npm run bench (runs after the ingest benchmark).
import { fixtures, scoreScreening } from '../test/helpers/screening-score.js';

const rows = fixtures();
console.log(`screening quality: ${rows.length} labelled messages (${rows.filter((r) => r.expect.length === 0).length} ordinary)`);
console.log('flag type              precision  recall   (tp/fp/fn)');
for (const s of scoreScreening(rows)) {
  console.log(`${s.label.padEnd(22)} ${s.precision.toFixed(2).padStart(9)}  ${s.recall.toFixed(2).padStart(6)}   (${s.tp}/${s.fp}/${s.fn})`);
}
