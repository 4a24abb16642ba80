import type { MessageStatus } from '../messages/message.table.js';

export type Decision = 'approve' | 'reject';

/**
 * The review state machine: only a held message can be decided, once.
 * held → approved (then the outbound queue takes it: delivered | failed) or held → rejected.
 */
export function nextStatus(current: MessageStatus, decision: Decision): MessageStatus | null {
  if (current !== 'held') return null;
  return decision === 'approve' ? 'approved' : 'rejected';
}
