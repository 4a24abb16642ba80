import { describe, expect, it } from 'vitest';
import { approveConfirmation } from '../../../../src/http/views/decision.js';
import type { Flag } from '../../../../src/screening/types.js';

const flag = (type: Flag['type'], severity: Flag['severity'], detail?: string): Flag => ({ type, severity, excerpt: '…', spans: [], ...(detail ? { detail } : {}) });

describe('the question the a key asks', () => {
  it('asks nothing for a message without a flag of severity review or urgent', () => {
    expect(approveConfirmation([])).toBeNull();
    expect(approveConfirmation([flag('url', 'info'), flag('attachment', 'info', 'image')])).toBeNull();
  });

  it('counts the flags to look at, and names blocked attachments', () => {
    expect(approveConfirmation([flag('phone', 'review'), flag('url', 'info')])).toBe('This message has 1 flag (1 to review). Approve it anyway?');
    expect(approveConfirmation([flag('keyword', 'urgent'), flag('phone', 'review'), flag('attachment', 'review', 'blocked: executable file')])).toBe(
      'This message has 3 flags (1 urgent, 2 to review), including 1 blocked attachment. Approve it anyway?',
    );
  });
});
