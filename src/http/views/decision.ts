import type { PairStatus } from '../../program/program.table.js';
import type { ApprovalRefusal } from '../../review/state.js';
import type { Flag } from '../../screening/types.js';
import { html, type Html } from '../../html.js';
import { plural } from '../../words.js';


/**
 * What the `a` key asks before approving a message with a flag of severity review or urgent (a
 * blocked attachment is one): one keystroke must not forward what screening pointed at. Null: no
 * question, the key approves at once.
 */
export function approveConfirmation(flags: Flag[]): string | null {
  const serious = flags.filter((f) => f.severity !== 'info');
  if (serious.length === 0) return null;
  const urgent = serious.filter((f) => f.severity === 'urgent').length;
  const review = serious.length - urgent;
  const blocked = serious.filter((f) => f.type === 'attachment' && f.detail?.startsWith('blocked')).length;
  const kinds = [urgent ? `${urgent} urgent` : '', review ? `${review} to review` : ''].filter(Boolean).join(', ');
  return `This message has ${plural(serious.length, 'flag')} (${kinds})${blocked ? `, including ${plural(blocked, 'blocked attachment')}` : ''}. Approve it anyway?`;
}

/** In place of the Approve button, why the message cannot be approved now. */
export function notApprovable(id: number, refusal: ApprovalRefusal, pairStatus: PairStatus): Html {
  return refusal.code === 'not_screened'
    ? html`<p class="not-approvable" role="status" data-testid="not-approvable"><strong>screening…</strong> This message can be approved once screening has read it, usually within seconds. <a href="/review/messages/${id}">Reload</a></p>`
    : html`<p class="not-approvable" role="status" data-testid="not-approvable"><strong>Pair ${pairStatus}</strong>: a message of a ${pairStatus} pair cannot be approved${pairStatus === 'paused' ? ' until the pair is active again' : ''}. It can still be rejected.</p>`;
}
