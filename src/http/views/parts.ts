import { shownHtml, type ReviewedAttachment, type ReviewedMessage } from '../../messages/reviewed.js';
import { flagLabel, type Flag } from '../../screening/types.js';
import { html, type Html } from '../../html.js';

const rank = { info: 0, review: 1, urgent: 2 };

/**
 * The text with every span of the flags found in it marked (escaped like everything else). Where
 * spans overlap ("text me" a keyword and a grooming concept, "text me at" a handle), the text is cut
 * at every span's edge and each piece's mark names every flag over it, at the highest severity.
 */
export function marked(text: string, flags: Flag[]): Html[] {
  const spans = flags
    .flatMap((f) => f.spans.map((s) => ({ start: s.start, end: s.end, severity: f.severity, label: flagLabel(f) })))
    .filter((s) => s.start >= 0 && s.end <= text.length && s.start < s.end)
    .sort((a, b) => a.start - b.start);
  const edges = [...new Set(spans.flatMap((s) => [s.start, s.end]))].sort((a, b) => a - b);
  const out: Html[] = [];
  let active: typeof spans = [];
  let next = 0; // the first span not yet active
  let at = 0; // the end of what is written
  for (const [i, edge] of edges.entries()) {
    const end = edges[i + 1];
    if (end === undefined) break;
    active = active.filter((s) => s.end > edge);
    while (next < spans.length && spans[next]!.start <= edge) active.push(spans[next++]!);
    if (active.length === 0) continue;
    const over = [...active].sort((a, b) => rank[b.severity] - rank[a.severity]);
    out.push(html`${text.slice(at, edge)}`, html`<mark class="${over[0]!.severity}" title="${[...new Set(over.map((s) => s.label))].join('; ')}">${text.slice(edge, end)}</mark>`);
    at = end;
  }
  out.push(html`${text.slice(at)}`);
  return out;
}

/** Small images are shown in the page as data: URLs (the frame loads nothing from anywhere). */
const MAX_SHOWN_IMAGE_BYTES = 2 * 1024 * 1024;
const inPage = (a: ReviewedAttachment) => (a.size <= MAX_SHOWN_IMAGE_BYTES ? `data:${a.contentType.replace(/[^\w.+/-]/g, '')};base64,${a.content.toString('base64')}` : null);

/**
 * The HTML version exactly as it will be forwarded (the same sanitizer, the same removals; inline
 * images that go with it are shown from the message itself), and what screening read in it,
 * hidden markup included, with the flags marked.
 */
export function htmlSection(m: ReviewedMessage, flags: Flag[], field = 'html'): Html | '' {
  const shown = shownHtml(m, inPage);
  if (!shown || m.htmlText === null) return '';
  return html`<section class="card" aria-label="HTML version">
  <h2>HTML version <span class="muted">(as it will be forwarded)</span></h2>
  ${shown.removedResources > 0 ? html`<p class="muted" data-testid="removed-resources">${shown.removedResources} remote image${shown.removedResources > 1 ? 's' : ''} removed: remote content can tell the sender when and where the message was read, so the forwarded copy does not carry it either.</p>` : ''}
  <iframe class="html-body" title="HTML version of the message" sandbox="" referrerpolicy="no-referrer" srcdoc="${shown.html}"></iframe>
  <details${flags.some((f) => f.field === field) ? ' open' : ''}>
    <summary>What screening read in the HTML (hidden parts included)</summary>
    <pre class="body" data-testid="html-text">${marked(m.htmlText, flags.filter((f) => f.field === field))}</pre>
  </details>
</section>`;
}

/** Every attachment, with what happens to it: forwarded byte-exact, or removed and why. Attached messages shown whole. */
export function attachmentsSection(messageId: number, m: ReviewedMessage, flags: Flag[], sizeOfRaw: number): Html {
  return html`<section class="card" aria-label="Attachments">
  <h2>Attachments</h2>
  ${m.attachments.length === 0 ? html`<p class="muted">None.</p>` : attachmentList(m, flags, '', (i) => `/review/messages/${messageId}/attachments/${i}`)}
  <p><a href="/review/messages/${messageId}/raw">Raw message</a> <span class="muted">(exactly as received, ${sizeOfRaw.toLocaleString('en')} bytes)</span></p>
</section>`;
}

function attachmentList(m: ReviewedMessage, flags: Flag[], prefix: string, link: ((i: number) => string) | null): Html {
  return html`<ul class="attachments">${m.attachments.map((a, i) => {
    const name = a.filename ?? `attachment ${i + 1}`;
    const fate = a.removed
      ? html`<span class="badge urgent" data-testid="removed">removed: ${a.removed}</span> <span class="muted">(not forwarded)</span>`
      : html`<span class="badge">will be forwarded</span>`;
    const label = link ? html`<a href="${link(i)}">${name}</a>` : html`<span>${name}</span>`;
    return html`<li>${label} <span class="muted">${a.contentType}, ${a.size.toLocaleString('en')} bytes</span> ${fate}${a.message ? attachedMessage(a.message, flags, `${prefix}message:${name}/`) : ''}</li>`;
  })}</ul>`;
}

/** An attached message as it will be forwarded: subject, date, text, HTML, its own attachments. */
function attachedMessage(m: ReviewedMessage, flags: Flag[], prefix: string): Html {
  const mine = (f: string) => flags.filter((x) => x.field === `${prefix}${f}`);
  const shown = shownHtml(m, inPage);
  return html`<div class="attached-message">
  <dl class="meta">
    <dt>Subject</dt><dd>${m.subject ? marked(m.subject, mine('subject')) : '(no subject)'}</dd>
    ${m.people?.from ? html`<dt>From</dt><dd>${m.people.from} <span class="muted">(not forwarded)</span></dd>` : ''}
    ${m.people?.to ? html`<dt>To</dt><dd>${m.people.to} <span class="muted">(not forwarded)</span></dd>` : ''}
    ${m.date ? html`<dt>Date</dt><dd>${m.date.toISOString().replace('T', ' ').slice(0, 16)} UTC</dd>` : ''}
  </dl>
  ${m.text !== null ? html`<pre class="body">${marked(m.text, mine('body'))}</pre>` : ''}
  ${shown ? html`<iframe class="html-body" title="HTML version of the attached message" sandbox="" referrerpolicy="no-referrer" srcdoc="${shown.html}"></iframe>` : ''}
  ${m.htmlText !== null ? html`<details><summary>What screening read in its HTML</summary><pre class="body">${marked(m.htmlText, mine('html'))}</pre></details>` : ''}
  ${m.attachments.length ? attachmentList(m, flags, prefix, null) : ''}
</div>`;
}

/**
 * Flags grouped by type and category: one line per group ("urgent grooming — meeting offline ×2"),
 * with the highest severity, how many matches, where they are when not only in the text, and the
 * first few; the most severe first, then by type and category.
 */
export function groupedFlags(flags: Flag[]): Html {
  const groups = new Map<string, { type: string; category: string | undefined; list: Flag[] }>();
  for (const f of flags) {
    const key = `${f.type}\n${f.category ?? ''}`;
    const group = groups.get(key) ?? { type: f.type, category: f.category, list: [] };
    group.list.push(f);
    groups.set(key, group);
  }
  const where = (f: Flag) => (f.field && f.field !== 'body' ? ` (in ${f.field})` : '');
  const byName = (a = '', b = '') => (a < b ? -1 : a > b ? 1 : 0);
  return html`<ul class="flags">${[...groups.values()]
    .map((g) => ({ ...g, top: g.list.reduce((t, f) => (rank[f.severity] > rank[t] ? f.severity : t), g.list[0]!.severity) }))
    .sort((a, b) => rank[b.top] - rank[a.top] || byName(a.type, b.type) || byName(a.category, b.category))
    .map(({ type, category, list, top }) => {
      // A category's flags say what they are in the category: only where they are is worth adding.
      const details = category
        ? [...new Set(list.map((f) => f.field ?? 'body'))].filter((field, _, all) => all.length > 1 || field !== 'body').map((field) => `in ${field}`)
        : [...new Set(list.map((f) => (f.detail ?? '') + where(f)).filter(Boolean))];
      // How many matches: a grooming or disclosure flag holds every match of its category in one text.
      const count = list.reduce((n, f) => n + Math.max(1, f.spans.length), 0);
      const excerpts = [...new Set(list.filter((f) => f.excerpt).map((f) => `"${f.excerpt}"`))];
      return html`<li data-flag-type="${type}"${category ? html` data-flag-category="${category}"` : ''}><span class="badge ${top}">${top}</span> <strong>${type}</strong>${
        category ? html` — <strong>${category}</strong>` : ''
      }${count > 1 ? html` <span class="muted">×${count}</span>` : ''}${
        details.length ? html` — ${details.slice(0, 4).join('; ')}${details.length > 4 ? ` and ${details.length - 4} more` : ''}` : ''
      }${excerpts.length ? html`: <span class="muted">${excerpts.slice(0, 3).join(' · ')}${excerpts.length > 3 ? ` · and ${excerpts.length - 3} more` : ''}</span>` : ''}</li>`;
    })}</ul>`;
}
