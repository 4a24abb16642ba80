import { describe, expect, it } from 'vitest';
import { fixtures, scoreScreening } from '../../helpers/screening-score.js';

describe('screening over the labelled messages', () => {
  it('has at least 200 messages, ordinary talk and every risk type', () => {
    const rows = fixtures();
    expect(rows.length).toBeGreaterThanOrEqual(200);
    expect(rows.filter((r) => r.expect.length === 0).length).toBeGreaterThanOrEqual(100);
    for (const t of ['phone', 'email', 'url', 'address', 'handle', 'participant-identity', 'keyword']) expect(rows.some((r) => r.expect.includes(t)), t).toBe(true);
  });

  it('meets the targets: recall ≥ 0.95 for contact details and urgent phrases, precision ≥ 0.85', () => {
    for (const s of scoreScreening()) {
      expect(s.precision, `${s.label} precision; false alarms: ${JSON.stringify(s.falseAlarms)}`).toBeGreaterThanOrEqual(0.85);
      if (['phone', 'email', 'url', 'address', 'handle', 'urgent'].includes(s.label)) {
        expect(s.recall, `${s.label} recall; misses: ${JSON.stringify(s.misses)}`).toBeGreaterThanOrEqual(0.95);
      }
    }
  });
});
