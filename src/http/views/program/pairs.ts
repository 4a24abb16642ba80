import type { PairWithNames, Person } from '../../../program/program.model.js';
import { closeReasons, type CloseReason } from '../../../program/program.table.js';
import { missingList } from './onboarding.js';
import { html } from '../../../html.js';
import type { PageContext } from '../layout.js';
import { programLayout } from './nav.js';
import { csrfField, dateOnly, labelled, selectedIf, statusBadge } from './parts.js';

export interface PairsView {
  pairs: PairWithNames[];
  mentors: Person[];
  proteges: Person[];
  /** People in an active or paused pair: listed after those waiting in the selects. */
  inOpenPair: Set<number>;
  kept: Record<string, string>;
}

/** A select of people: those without an open pair first, the others after them. */
function personSelect(id: string, name: string, label: string, people: Person[], inOpenPair: Set<number>, chosen: string) {
  const option = (p: Person) => html`<option value="${p.id}"${selectedIf(String(p.id) === chosen)}>${p.name} (${p.email})</option>`;
  const free = people.filter((p) => !inOpenPair.has(p.id));
  const paired = people.filter((p) => inOpenPair.has(p.id));
  return labelled(
    id,
    label,
    html`<select id="${id}" name="${name}" required>
  <option value="">Choose a ${label.toLowerCase()}</option>
  ${free.length ? html`<optgroup label="Without an open pair">${free.map(option)}</optgroup>` : ''}
  ${paired.length ? html`<optgroup label="Already in an open pair">${paired.map(option)}</optgroup>` : ''}
</select>`,
  );
}

const order = { pending: 0, active: 1, paused: 2, closed: 3 } as const;

export function pairsPage(ctx: PageContext, v: PairsView): string {
  const pairs = [...v.pairs].sort((a, b) => order[a.status] - order[b.status] || a.id - b.id);
  return programLayout(
    ctx,
    '/program/pairs',
    'Pairs',
    html`<h1>Pairs</h1>
${
  pairs.length === 0
    ? html`<p class="card">No pair yet: create the first one below.</p>`
    : html`<table class="queue program pairs">
  <thead><tr><th scope="col">Mentor</th><th scope="col">Protégé</th><th scope="col">Alias</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col"><span class="muted">Actions</span></th></tr></thead>
  <tbody>
  ${pairs.map((p) => {
    const label = `${p.mentorName} and ${p.protegeName}`;
    return html`<tr id="pair-${p.id}" data-pair="${p.id}">
    <td data-label="Mentor">${p.mentorName}</td>
    <td data-label="Protégé">${p.protegeName}</td>
    <td data-label="Alias" class="address">${p.alias}</td>
    <td data-label="Status">${statusBadge(p.status)}${p.endedAt ? html` <span class="muted">${dateOnly(p.endedAt)}</span>` : ''}${
      p.closeReason ? html` <span class="muted">${closeReasonLabels[p.closeReason]}</span>` : ''
    }${p.statusReason === 'background-check-expired' ? html`<br><span class="muted">The mentor's background check expired.</span>` : ''}${
      p.statusReason === 'onboarding-failed' ? html`<br><span class="muted">A step of their onboarding failed.</span>` : ''
    }${
      p.missing?.length ? html`<div class="pending-reason" data-testid="missing-${p.id}"><span class="muted">${p.status === 'pending' ? 'Opens when onboarding is complete' : p.status === 'active' ? 'Open, but not cleared' : 'Resumes when onboarding is complete again'}; missing:</span>${missingList(p.missing, names(p))}</div>` : ''
    }</td>
    <td data-label="Started">${p.status === 'pending' ? html`<span class="muted">not yet</span>` : dateOnly(p.startedAt)}</td>
    <td class="row-actions">${
      p.status === 'closed'
        ? html`<span class="muted">closed for good</span>`
        : p.missing?.length && p.status !== 'active'
          ? html`<a class="button danger" href="/program/pairs/${p.id}/close" aria-label="Close ${label}…">Close…</a>`
          : html`<form method="post" action="/program/pairs/${p.id}/status" class="inline">${csrfField(ctx)}<input type="hidden" name="status" value="${p.status === 'active' ? 'paused' : 'active'}"><button type="submit" aria-label="${p.status === 'active' ? 'Pause' : 'Resume'} ${label}">${p.status === 'active' ? 'Pause' : 'Resume'}</button></form>
      <a class="button danger" href="/program/pairs/${p.id}/close" aria-label="Close ${label}…">Close…</a>`
    }</td>
  </tr>`;
  })}
  </tbody>
</table>`
}
<section class="card" aria-labelledby="new-pair-h" id="new-pair">
  <h2 id="new-pair-h">New pair</h2>
  ${
    v.mentors.length === 0 || v.proteges.length === 0
      ? html`<p>A pair needs a mentor and a protégé: <a href="/program/people">add them on the People page</a> first.</p>`
      : html`<form method="post" action="/program/pairs" class="grid-form">
    ${csrfField(ctx)}
    ${personSelect('new-pair-mentor', 'mentorId', 'Mentor', v.mentors, v.inOpenPair, v.kept.mentorId ?? '')}
    ${personSelect('new-pair-protege', 'protegeId', 'Protégé', v.proteges, v.inOpenPair, v.kept.protegeId ?? '')}
    <div class="actions"><button class="primary" type="submit">Create pair</button></div>
  </form>`
  }
</section>`,
  );
}

/** Each closure reason as a coordinator says it. */
export const closeReasonLabels: Record<CloseReason, string> = {
  completed: 'The mentoring relationship ran its course',
  'mentor-initiated': 'The mentor asked to end it',
  'protege-initiated': 'The protégé (or their family) asked to end it',
  safety: 'A safety concern',
  other: 'Another reason',
};

const names = (p: PairWithNames) =>
  new Map([
    [p.mentorId, p.mentorName],
    [p.protegeId, p.protegeName],
  ]);

/** The confirmation step before closing, with the reason and the rematch decision: a closed pair never reopens. */
export function closePairPage(ctx: PageContext, p: PairWithNames, kept: Record<string, string> = {}): string {
  return programLayout(
    ctx,
    '/program/pairs',
    'Close pair',
    html`<p><a href="/program/pairs">← Pairs</a></p>
<div class="card confirm-step">
  <h1>Close the pair ${p.mentorName} ↔ ${p.protegeName}?</h1>
  <p>A closed pair never reopens: its address <span class="address">${p.alias}</span> refuses mail from then on, and its messages still queued for delivery are withdrawn. Messages, the archive and the history stay. To stop mail for a while, pause the pair instead.</p>
  <form method="post" action="/program/pairs/${p.id}/close" class="close-form">
    ${csrfField(ctx)}
    <fieldset>
      <legend>Why does it close?</legend>
      ${closeReasons.map(
        (r, i) => html`<label class="choice"><input type="radio" name="reason" value="${r}" required${kept.reason === r ? html` checked` : ''}${i === 0 ? html` autofocus` : ''}> ${closeReasonLabels[r]}</label>`,
      )}
    </fieldset>
    <fieldset>
      <legend>Match them again?</legend>
      <label class="choice"><input type="radio" name="rematch" value="yes" required${kept.rematch === 'yes' ? html` checked` : ''}> Yes: list them as waiting for a new pair</label>
      <label class="choice"><input type="radio" name="rematch" value="no" required${kept.rematch === 'no' ? html` checked` : ''}> No</label>
    </fieldset>
    ${labelled('close-note', 'Note (optional)', html`<textarea id="close-note" name="note" maxlength="2000" rows="3">${kept.note ?? ''}</textarea>`)}
    <div class="actions">
      <button type="submit" class="reject">Close this pair</button>
      <a class="button" href="/program/pairs">Cancel</a>
    </div>
  </form>
</div>`,
  );
}
