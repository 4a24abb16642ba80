import { html, type Html } from '../../../html.js';
import type { Communication } from '../../../program/communication.model.js';
import type { CheckIn } from '../../../program/communication.service.js';
import { communicationChannels } from '../../../program/communication.table.js';
import type { Guardian } from '../../../program/guardian.model.js';
import type { PageContext } from '../layout.js';
import { csrfField, dateOnly, labelled, selectedIf } from './parts.js';

const channelLabels: Record<(typeof communicationChannels)[number], string> = {
  email: 'Email',
  phone: 'Phone call',
  text: 'Text message',
  video: 'Video call',
  'in-person': 'In person',
  letter: 'Letter',
  other: 'Other',
};

/** The kinds the form offers; the API takes any short word. */
const kinds = [
  { value: '', label: 'Contact' },
  { value: 'check-in', label: 'Staff check-in' },
  { value: 'feedback', label: 'Feedback' },
  { value: 'concern', label: 'Concern' },
] as const;

/** A protégé's guardians, and a form that adds one (the parent of two children is found by address). */
export function guardiansSection(ctx: PageContext, protegeId: number, guardians: Guardian[], kept: Record<string, string>): Html {
  return html`<section class="card" aria-labelledby="guardians-h" id="guardians">
  <h2 id="guardians-h">Parents and guardians</h2>
  ${
    guardians.length === 0
      ? html`<p class="muted">No guardian on record yet: add the one who signs the parental permission.</p>`
      : html`<ul class="guardians">${guardians.map(
          (g) => html`<li data-guardian="${g.id}"><a href="/program/people/${g.id}">${g.name}</a> <span class="muted">${g.relationship}</span>
      ${g.email ? html`<span class="address">${g.email}</span>` : ''} ${g.phone ? html`<span class="phone">${g.phone}</span>` : ''}</li>`,
        )}</ul>`
  }
  <form method="post" action="/program/people/${protegeId}/guardians" class="grid-form" aria-label="Add a guardian">
    ${csrfField(ctx)}
    ${labelled('guardian-name', 'Guardian’s name', html`<input type="text" id="guardian-name" name="name" required maxlength="200" autocomplete="off" value="${kept.name ?? ''}">`)}
    ${labelled('guardian-relationship', 'Relationship', html`<input type="text" id="guardian-relationship" name="relationship" required maxlength="50" list="relationships" value="${kept.relationship ?? ''}"><datalist id="relationships"><option value="mother"><option value="father"><option value="guardian"><option value="grandparent"><option value="foster parent"></datalist>`)}
    ${labelled('guardian-email', 'Email (optional)', html`<input type="email" id="guardian-email" name="email" maxlength="320" autocomplete="off" value="${kept.email ?? ''}">`)}
    ${labelled('guardian-phone', 'Phone (optional)', html`<input type="tel" id="guardian-phone" name="phone" maxlength="40" autocomplete="off" value="${kept.phone ?? ''}">`)}
    <div class="actions"><button type="submit">Add guardian</button></div>
  </form>
</section>`;
}

/** The guardian who signed, for the onboarding form of a protégé. */
export function guardianChoice(guardians: Guardian[], kept: Record<string, string>): Html {
  return labelled(
    'step-guardian',
    'Signed by',
    html`<select id="step-guardian" name="guardianId" aria-describedby="step-guardian-hint"><option value="">—</option>${guardians.map(
      (g) => html`<option value="${g.id}"${selectedIf(kept.guardianId === String(g.id))}>${g.name} (${g.relationship})</option>`,
    )}</select>`,
    guardians.length === 0 ? 'Parental permission only: add the guardian under Parents and guardians first.' : 'Parental permission only: the guardian who signed the slip; the date is the slip’s.',
  );
}

/**
 * The log of contacts with a mentor, protégé or parent: when the next staff check-in is due, each
 * entry with its open follow-up, and a form that records a contact.
 */
export function communicationsSection(ctx: PageContext, personId: number, entries: Communication[], checkIn: CheckIn | undefined, kept: Record<string, string>): Html {
  const overdue = checkIn && Date.parse(checkIn.dueAt) <= ctx.now;
  return html`<section class="card" aria-labelledby="contacts-h" id="contacts">
  <h2 id="contacts-h">Contacts</h2>
  ${
    checkIn
      ? html`<p data-testid="check-in" class="${overdue ? 'pipeline-state bad' : ''}">${overdue ? 'Check-in overdue' : 'Next check-in due'} ${dateOnly(checkIn.dueAt)}${
          checkIn.lastCheckInAt ? html` <span class="muted">(last ${dateOnly(checkIn.lastCheckInAt)})</span>` : html` <span class="muted">(no check-in yet)</span>`
        }${checkIn.responsibleName ? html` · ${checkIn.responsibleName}` : ''}</p>`
      : ''
  }
  ${
    entries.length === 0
      ? html`<p class="muted">No contact recorded yet.</p>`
      : html`<ul class="contacts">${entries.map(
          (c) => html`<li data-communication="${c.id}">
      <span class="muted">${dateOnly(c.at)} · ${channelLabels[c.channel]}${c.kind ? html` · ${c.kind}` : ''} · ${c.actor}</span>
      <span class="summary-text">${c.summary}</span>
      ${
        c.followUpDue
          ? html`<span class="follow-up">${c.followUpDoneAt ? html`<span class="badge step-done">followed up</span>` : html`<span class="badge ${Date.parse(c.followUpDue) <= ctx.now ? 'step-failed' : 'step-pending'}">follow up by ${c.followUpDue.slice(0, 10)}</span>`}
        <form method="post" action="/program/communications/${c.id}/follow-up" class="inline">${csrfField(ctx)}<input type="hidden" name="done" value="${c.followUpDoneAt ? 'no' : 'yes'}"><input type="hidden" name="personId" value="${personId}"><button type="submit" class="small">${c.followUpDoneAt ? 'Reopen' : 'Mark done'}</button></form></span>`
          : ''
      }
    </li>`,
        )}</ul>`
  }
  <form method="post" action="/program/people/${personId}/communications" class="grid-form" aria-label="Record a contact">
    ${csrfField(ctx)}
    ${labelled('contact-channel', 'How', html`<select id="contact-channel" name="channel">${communicationChannels.map((c) => html`<option value="${c}"${selectedIf(kept.channel === c)}>${channelLabels[c]}</option>`)}</select>`)}
    ${labelled('contact-kind', 'Kind', html`<select id="contact-kind" name="kind">${kinds.map((k) => html`<option value="${k.value}"${selectedIf((kept.kind ?? '') === k.value)}>${k.label}</option>`)}</select>`)}
    ${labelled('contact-at', 'Date', html`<input type="date" id="contact-at" name="at" value="${kept.at ?? ''}" aria-describedby="contact-at-hint">`, 'Empty: today.')}
    ${labelled('contact-follow-up', 'Follow up by (optional)', html`<input type="date" id="contact-follow-up" name="followUpDue" value="${kept.followUpDue ?? ''}">`)}
    <div class="field wide">${labelled('contact-summary', 'What was said', html`<textarea id="contact-summary" name="summary" required maxlength="4000" rows="3">${kept.summary ?? ''}</textarea>`)}</div>
    <div class="actions"><button class="primary" type="submit">Record contact</button></div>
  </form>
</section>`;
}
