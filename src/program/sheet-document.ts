import type { SheetRow } from './sheet.js';
import { html, raw } from '../html.js';

export interface SheetDocument {
  programName: string;
  /** When the sheet is made (the page), or when it was sent (the mail). */
  at: number;
  rows: readonly SheetRow[];
  /** On screen, for a logged-in coordinator: links back and a print button, never printed. */
  screen?: { backHref: string; csvHref: string };
}

// Its own small style sheet, inside the document: the same document is the print view, the page a
// coordinator prints, and the mail's HTML part (mail clients load no style sheet from us).
const style = `
body { margin: 0; padding: 1.5rem; font: 11pt/1.35 "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; color: #111; background: #fff; }
header.sheet h1 { font-size: 16pt; margin: 0 0 .2rem; }
header.sheet p { margin: 0 0 .6rem; }
.lead { color: #333; max-width: 48rem; }
table.sheet { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.sheet col.n { width: 2.4rem; }
table.sheet col.task { width: 46%; }
table.sheet col.org { width: 22%; }
table.sheet th, table.sheet td { border: 1px solid #777; padding: .3rem .45rem; text-align: left; vertical-align: top; }
table.sheet thead th { background: #e9edf2; }
table.sheet td.n { text-align: right; color: #444; }
table.sheet td { overflow-wrap: anywhere; }
.unassigned { font-weight: 700; font-style: italic; color: #9a1c14; }
.pending { font-style: italic; color: #555; }
.email { color: #333; overflow-wrap: anywhere; }
footer.sheet { margin-top: .6rem; color: #333; font-size: 10pt; }
.screen-only { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin-bottom: 1rem; padding: .5rem .75rem; border: 1px solid #d9dee7; border-radius: 6px; background: #f6f7f9; }
.screen-only a, .screen-only button { font: inherit; }
.screen-only button { padding: .4rem .9rem; min-height: 44px; border-radius: 6px; border: 1px solid #1f5fbf; background: #1f5fbf; color: #fff; cursor: pointer; }
:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
@media (max-width: 640px) {
  body { padding: .5rem; }
  table.sheet col.task { width: 40%; }
  table.sheet col.org { width: 25%; }
}
@page { size: A4; margin: 12mm 12mm 14mm; @bottom-right { content: "page " counter(page) " of " counter(pages); font: 8pt sans-serif; color: #555; } }
@media print {
  body { padding: 0 2px; font-size: 9.5pt; } /* collapsed borders lie half outside the table: keep the right one on the page */
  .screen-only { display: none !important; }
  a { color: inherit; text-decoration: none; }
  table.sheet thead { display: table-header-group; }
  table.sheet tr { break-inside: avoid; page-break-inside: avoid; }
  table.sheet thead th { background: #e9edf2; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The written assignment sheet: one organization and one person for each task, as a whole HTML document. */
export function sheetDocument(d: SheetDocument): string {
  const unassigned = d.rows.filter((r) => !r.organization).length;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${d.programName}: responsibilities, ${day(d.at)}</title>
<style>${raw(style)}</style>
${d.screen ? html`<script src="/assets/review.js" defer></script>` : ''}
</head>
<body>
${
  d.screen
    ? html`<nav class="screen-only" aria-label="Sheet">
  <a href="${d.screen.backHref}">← Back to responsibilities</a>
  <a href="${d.screen.csvHref}">Download CSV</a>
  <button type="button" data-print>Print</button>
</nav>`
    : ''
}
<header class="sheet">
  <h1>${d.programName}: who is responsible for what</h1>
  <p><strong>Responsibility sheet</strong> as of <time datetime="${new Date(d.at).toISOString()}">${day(d.at)}</time></p>
  <p class="lead">For each administrative task of launching and running the program, ONE organization and ONE person of it are ultimately responsible for doing the task, or for making sure it is assigned appropriately.</p>
</header>
<table class="sheet">
  <colgroup><col class="n"><col class="task"><col class="org"><col class="person"></colgroup>
  <thead><tr><th scope="col">#</th><th scope="col">Task</th><th scope="col">Organization responsible</th><th scope="col">Person responsible</th></tr></thead>
  <tbody>
${d.rows.map(
  (r, i) => html`    <tr><td class="n">${i + 1}</td><td class="task">${r.task}</td>${
    r.organization
      ? html`<td>${r.organization}</td><td>${r.person ? html`${r.person}${r.email ? html`<br><span class="email">${r.email}</span>` : ''}` : html`<span class="pending">not chosen yet</span>`}</td>`
      : html`<td><span class="unassigned">unassigned</span></td><td><span class="unassigned">unassigned</span></td>`
  }</tr>
`,
)}  </tbody>
</table>
<footer class="sheet">${d.rows.length} tasks${unassigned ? html`, <strong>${unassigned} unassigned</strong>` : ', every one assigned'}.</footer>
</body>
</html>`.value;
}
