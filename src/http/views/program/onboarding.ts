import { html, type Html } from '../../../html.js';
import type { Pipeline, PipelineStep } from '../../../program/onboarding.service.js';
import type { OnboardingStep } from '../../../program/onboarding.table.js';
import type { MissingStep } from '../../../program/pair-readiness.js';
import type { PageContext } from '../layout.js';
import { csrfField, dateOnly, labelled, selectedIf } from './parts.js';

/** Each step as a coordinator says it. */
export const stepLabels: Record<OnboardingStep, string> = {
  applied: 'Application received',
  'application-reviewed': 'Application reviewed',
  'background-check': 'Background check',
  approved: 'Approved',
  notified: 'Notified of acceptance',
  oriented: 'Oriented',
  enrolled: 'Enrolled',
  'eligibility-reviewed': 'Eligibility reviewed (grades …)',
  'parental-permission': 'Parental permission',
};

type Shown = 'done' | 'cleared' | 'failed' | 'expired' | 'pending';

/** What a step's latest attempt means today: a cleared check past its expiry is expired. */
function shownStatus(s: PipelineStep, now: number): Shown {
  if (s.status === 'cleared' && s.expiresAt && Date.parse(s.expiresAt) <= now) return 'expired';
  return s.status;
}

const good = (shown: Shown) => shown === 'done' || shown === 'cleared';

/** The first step not done: what the coordinator records next. */
export function nextStep(p: Pipeline, now: number): PipelineStep | undefined {
  return p.steps.find((s) => !good(shownStatus(s, now)));
}

const badge = (shown: Shown) => html`<span class="badge step-${shown}">${shown === 'pending' ? 'to do' : shown}</span>`;

/**
 * A mentor's or protégé's onboarding as steps in order: each with its latest attempt (when, by whom,
 * the note, a check's expiry), the next one marked, and a form that records it.
 */
export function pipelineSection(ctx: PageContext, name: string, p: Pipeline, kept: Record<string, string>, guardianChoices: Html = html``): Html {
  const next = nextStep(p, ctx.now);
  const stopped = next && next.status === 'failed';
  const chosen = kept.step ?? next?.step ?? p.steps[0]!.step;
  const summary = p.complete
    ? html`<p class="pipeline-state ok" data-testid="onboarding-state">Onboarding complete: ${name} can be in an open pair.</p>`
    : stopped
      ? html`<p class="pipeline-state bad" data-testid="onboarding-state">Stopped: ${stepLabels[next.step]} failed${next.at ? html` on ${dateOnly(next.at)}` : ''}. Record a new attempt when it is resolved.</p>`
      : html`<p class="pipeline-state" data-testid="onboarding-state">Next: <strong>${stepLabels[next!.step]}</strong>.</p>`;
  return html`<section class="card" aria-labelledby="onboarding-h" id="onboarding">
  <h2 id="onboarding-h">Onboarding</h2>
  ${summary}
  <ol class="pipeline">
  ${p.steps.map((s) => {
    const shown = shownStatus(s, ctx.now);
    return html`<li data-step="${s.step}" data-status="${shown}"${s === next ? html` class="next" aria-current="step"` : ''}>
      <span class="step-name">${stepLabels[s.step]}</span> ${badge(shown)}${s === next ? html` <span class="badge next-badge">next</span>` : ''}
      ${s.at ? html`<span class="muted step-when">${dateOnly(s.at)}${s.actor ? html`, ${s.actor}` : ''}</span>` : ''}
      ${s.expiresAt ? html`<span class="muted step-expiry">${shown === 'expired' ? 'expired' : 'valid until'} ${dateOnly(s.expiresAt)}</span>` : ''}
      ${s.note ? html`<span class="step-note">${s.note}</span>` : ''}
    </li>`;
  })}
  </ol>
  <form method="post" action="/program/people/${p.personId}/onboarding" class="grid-form" aria-label="Record a step">
    ${csrfField(ctx)}
    ${labelled('step-step', 'Step', html`<select id="step-step" name="step">${p.steps.map((s) => html`<option value="${s.step}"${selectedIf(s.step === chosen)}>${stepLabels[s.step]}</option>`)}</select>`)}
    ${labelled(
      'step-status',
      'Outcome',
      html`<select id="step-status" name="status"><option value="done"${selectedIf(kept.status !== 'failed')}>${p.role === 'mentor' ? 'Done (a background check: cleared)' : 'Done'}</option><option value="failed"${selectedIf(kept.status === 'failed')}>Failed</option></select>`,
    )}
    ${labelled('step-at', 'Date', html`<input type="date" id="step-at" name="at" value="${kept.at ?? ''}" aria-describedby="step-at-hint">`, 'Empty: today.')}
    ${
      p.role === 'mentor'
        ? labelled('step-expires', 'Check valid until', html`<input type="date" id="step-expires" name="expiresAt" value="${kept.expiresAt ?? ''}" aria-describedby="step-expires-hint">`, 'A cleared background check only: when it must be renewed.')
        : guardianChoices
    }
    ${labelled('step-note', 'Note', html`<input type="text" id="step-note" name="note" maxlength="2000" autocomplete="off" value="${kept.note ?? ''}">`)}
    <div class="actions"><button class="primary" type="submit">Record step</button></div>
  </form>
</section>`;
}

/** "Mia Mentor: background check, approved" per person, each name linking to their page. */
export function missingList(missing: readonly MissingStep[], names: ReadonlyMap<number, string>): Html {
  const byPerson = new Map<number, OnboardingStep[]>();
  for (const m of missing) byPerson.set(m.personId, [...(byPerson.get(m.personId) ?? []), m.step]);
  return html`<ul class="missing">${[...byPerson].map(
    ([id, steps]) => html`<li><a href="/program/people/${id}#onboarding">${names.get(id) ?? `person ${id}`}</a>: ${steps.map((s) => stepLabels[s].toLowerCase()).join(', ')}</li>`,
  )}</ul>`;
}
