import type { MessageDetail } from '../../messages/message.service.js';
import { html, type Html } from '../../html.js';

/**
 * Who sent the message as far as the relay can tell: the SMTP envelope (sender, client address, HELO)
 * and what SPF, DKIM, DMARC and ARC found for the From address when it arrived. Everything here came
 * from the sending client, so everything goes through `html`.
 */
export function senderSection(m: Pick<MessageDetail, 'envelope' | 'senderAuth'>): Html {
  const a = m.senderAuth;
  const verdict = !a
    ? html`<span class="muted">Not recorded: the message arrived before the relay checked senders.</span>`
    : html`<span class="badge ${badgeClass(a)}">${label(a)}</span> ${a.summary}`;
  return html`<section class="card" aria-label="Sender authentication">
  <h2>Sender authentication</h2>
  <p data-testid="sender-summary">${verdict}</p>
  <dl class="meta">
    <dt>Envelope sender</dt><dd>${m.envelope.mailFrom || '(empty: a bounce)'}</dd>
    <dt>Client address</dt><dd>${m.envelope.clientAddress ?? 'unknown'}</dd>
    <dt>HELO</dt><dd>${m.envelope.helo ?? '(none given)'}</dd>
    ${
      a
        ? html`<dt>SPF</dt><dd>${a.spf.result}${a.spf.domain ? ` for ${a.spf.domain}` : ''}${a.spf.aligned ? ' (the From domain)' : ''}</dd>
    <dt>DKIM</dt><dd>${
      a.dkim.signatures.length === 0
        ? a.dkim.result === 'none' ? 'none (not signed)' : a.dkim.result
        : a.dkim.signatures.map((s, i) => html`${i > 0 ? '; ' : ''}${s.result} for ${s.domain}${s.selector ? ` (selector ${s.selector})` : ''}${s.aligned ? ' (the From domain)' : ''}`)
    }</dd>
    <dt>DMARC</dt><dd>${a.dmarc.result}${a.policy ? ` (${a.fromDomain ?? 'the domain'} publishes p=${a.policy})` : ''}</dd>
    <dt>ARC</dt><dd>${a.arc.result}</dd>`
        : ''
    }
  </dl>
</section>`;
}

function label(a: NonNullable<MessageDetail['senderAuth']>): string {
  if (a.mode === 'off') return 'not checked';
  if (a.verified) return 'verified';
  return a.temporary ? 'could not be checked' : 'not verified';
}

function badgeClass(a: NonNullable<MessageDetail['senderAuth']>): string {
  if (a.mode === 'off' || a.verified) return 'info';
  return a.policy === 'quarantine' || a.policy === 'reject' ? 'urgent' : 'review';
}
