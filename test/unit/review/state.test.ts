import { describe, expect, it } from 'vitest';
import { messageStatuses } from '../../../src/messages/message.table.js';
import { isPermanent, retryDelay } from '../../../src/outbound/retry.js';
import { approvalRefusal, nextStatus } from '../../../src/review/state.js';

describe('review state machine', () => {
  it('decides only a held message', () => {
    expect(nextStatus('held', 'approve')).toBe('approved');
    expect(nextStatus('held', 'reject')).toBe('rejected');
    for (const s of messageStatuses.filter((s) => s !== 'held')) {
      expect(nextStatus(s, 'approve')).toBeNull();
      expect(nextStatus(s, 'reject')).toBeNull();
    }
  });
});

describe('what can be approved', () => {
  it('refuses a message screening has not read, unless screening is off, and any message of a pair that is not active', () => {
    expect(approvalRefusal({ id: 7, screened: true, pairStatus: 'active' }, true)).toBeNull();
    expect(approvalRefusal({ id: 7, screened: false, pairStatus: 'active' }, true)?.code).toBe('not_screened');
    expect(approvalRefusal({ id: 7, screened: false, pairStatus: 'active' }, false)).toBeNull();
    expect(approvalRefusal({ id: 7, screened: true, pairStatus: 'paused' }, true)).toEqual({ code: 'pair_inactive', message: 'message 7 cannot be approved: its pair is paused (resume the pair to approve it, or reject it)' });
    expect(approvalRefusal({ id: 7, screened: false, pairStatus: 'closed' }, true)?.code).toBe('pair_inactive');
  });
});

describe('delivery failures', () => {
  it('treats 5xx as permanent and 4xx or no reply as temporary', () => {
    expect(isPermanent({ responseCode: 550 })).toBe(true);
    expect(isPermanent({ responseCode: 451 })).toBe(false);
    expect(isPermanent({ code: 'ECONNREFUSED' })).toBe(false);
    expect(isPermanent(new Error('socket hang up'))).toBe(false);
  });
  it('backs off exponentially up to a cap', () => {
    expect([1, 2, 3, 4].map((a) => retryDelay(a, 1000, 5000))).toEqual([1000, 2000, 4000, 5000]);
    expect(retryDelay(500, 1000, 5000)).toBe(5000);
  });
});
