import type { MessageStatus } from '../messages/message.table.js';
import type { PairStatus } from '../program/program.table.js';

export type Decision = 'approve' | 'reject';

/**
 * The review state machine: only a held message can be decided, once.
 * held → approved (then the outbound queue takes it: delivered | failed) or held → rejected.
 */
export function nextStatus(current: MessageStatus, decision: Decision): MessageStatus | null {
  if (current !== 'held') return null;
  return decision === 'approve' ? 'approved' : 'rejected';
}

/** Why a held message cannot be approved now; the code is the API's `error.code` (409). */
export interface ApprovalRefusal {
  code: 'not_screened' | 'pair_inactive';
  message: string;
}

/**
 * A held message is approved only once screening has read it (an urgent alert must never arrive
 * after the delivery), and only while its pair is active. With screening turned off nothing ever
 * screens, so nothing is waited for. Rejecting stays allowed in every case: it forwards nothing.
 */
export function approvalRefusal(m: { id: number; screened: boolean; pairStatus: PairStatus }, screeningEnabled: boolean): ApprovalRefusal | null {
  if (m.pairStatus !== 'active') {
    const why =
      m.pairStatus === 'paused'
        ? 'its pair is paused (resume the pair to approve it, or reject it)'
        : m.pairStatus === 'closed'
          ? "its pair is closed, and a closed pair's mail is never delivered (reject it instead)"
          : `its pair is ${m.pairStatus as string}`;
    return { code: 'pair_inactive', message: `message ${m.id} cannot be approved: ${why}` };
  }
  if (screeningEnabled && !m.screened) {
    return { code: 'not_screened', message: `message ${m.id} has not been screened yet: it can be approved once screening has read it, usually within seconds` };
  }
  return null;
}
