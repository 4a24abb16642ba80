import type { ImportResult, ImportRun } from '../../../program/import.service.js';
import type { ImportKind } from '../../../program/import.table.js';
import { html } from '../../../html.js';
import { when, type PageContext } from '../layout.js';
import { programLayout } from './nav.js';

const kindLabel: Record<ImportKind, string> = { people: 'people', pairs: 'pairs' };

const columns = html`<div class="card import-help">
  <h2>What the file holds</h2>
  <p>Save the sheet as <strong>CSV UTF-8</strong> (in Excel: File › Save As › CSV UTF-8). The first line names the
  columns, in any order and any case; other columns are ignored. Commas or semicolons both work.</p>
  <h3>People</h3>
  <p>Columns <code>name</code>, <code>email</code>, <code>role</code> (mentor, protege, parent or staff) and, if the
  person belongs to one, <code>organization</code> (its name as on the Organizations page, in any case: an import never creates one).</p>
  <pre class="example">name,email,role,organization
Ann Lee,ann.lee@acme.example,mentor,Acme Corp
Pat Doe,pat.doe@lincoln.example,protege,Lincoln High</pre>
  <h3>Pairs</h3>
  <p>Columns <code>mentor_email</code> and <code>protege_email</code>, of people already imported. A protégé has one mentor.</p>
  <pre class="example">mentor_email,protege_email
ann.lee@acme.example,pat.doe@lincoln.example</pre>
  <p class="muted">Running the same file again is safe: someone already there (the same address) or a pair that exists is skipped.</p>
</div>`;

/** The import page: choose what the file holds, upload it (or paste it), then see the dry run. */
export function importPage(ctx: PageContext, kind: ImportKind = 'people', runs: ImportRun[] = []): string {
  return programLayout(
    ctx,
    '/program/import',
    'Import',
    html`<h1>Import from a spreadsheet</h1>
<form class="card import-form" method="post" action="/program/import" enctype="multipart/form-data">
  <input type="hidden" name="_csrf" value="${ctx.csrf}">
  <fieldset>
    <legend>The file holds</legend>
    ${(['people', 'pairs'] as const).map(
      (k) => html`<label class="choice"><input type="radio" name="kind" value="${k}"${k === kind ? html` checked` : ''}> ${kindLabel[k]}</label>`,
    )}
  </fieldset>
  <label for="file">CSV file</label>
  <input id="file" name="file" type="file" accept=".csv,text/csv">
  <label for="csv">or paste its rows here</label>
  <textarea id="csv" name="csv" rows="6" spellcheck="false" placeholder="name,email,role,organization"></textarea>
  <div class="actions"><button class="primary" type="submit">Check the file</button>
  <span class="muted">Nothing is imported yet: you see what would be, then confirm.</span></div>
</form>
${columns}
${
  runs.length === 0
    ? ''
    : html`<section class="card" aria-labelledby="runs-h"><h2 id="runs-h">Past imports</h2>
  <ul class="runs">${runs.map(
    (r) => html`<li>${when(r.at)}, ${r.actor}: ${kindLabel[r.kind].toLowerCase()}${r.file ? html` from <span class="filename">${r.file}</span>` : ''}: ${r.imported} imported, ${r.skipped} skipped, ${r.errors} refused</li>`,
  )}</ul></section>`
}`,
  );
}

const rowsWithErrors = (r: ImportResult) => new Set(r.errors.map((e) => e.line)).size;

/** The dry run of an upload: the counts, every bad row by line and column, and the button that imports exactly this file. */
export function previewPage(ctx: PageContext, upload: { id: string; kind: ImportKind; fileName: string }, result: ImportResult): string {
  const bad = rowsWithErrors(result);
  return programLayout(
    ctx,
    '/program/import',
    'Check the import',
    html`<h1>Check before importing ${kindLabel[upload.kind]}: ${upload.fileName}</h1>
<div class="card summary" role="status">
  <div><strong>${result.imported}</strong> to import</div>
  <div><strong>${result.skipped}</strong> already there (skipped)</div>
  <div><strong>${bad}</strong> ${bad === 1 ? 'row' : 'rows'} with errors (not imported)</div>
</div>
${result.ignoredColumns.length > 0 ? html`<p class="muted">Columns not read: ${result.ignoredColumns.join(', ')}.</p>` : ''}
${
  result.toImport && result.toImport.length > 0
    ? html`<details class="card" open><summary>${result.imported === 1 ? 'The row' : `The ${result.imported > result.toImport.length ? `first ${result.toImport.length} of ${result.imported}` : result.imported} rows`} to import</summary>
  <ul class="to-import">${result.toImport.map((r) => html`<li><span class="muted">line ${r.line}</span> ${r.text}</li>`)}</ul></details>`
    : ''
}
${
  result.errors.length > 0
    ? html`<h2>Rows with errors</h2>
<p>Fix them in the spreadsheet and upload it again, or import the good rows now and the fixed ones later.</p>
<table class="queue import-errors">
  <thead><tr><th scope="col">Line</th><th scope="col">Column</th><th scope="col">Problem</th></tr></thead>
  <tbody>${result.errors.map(
    (e) => html`<tr><td data-label="Line">${e.line}</td><td data-label="Column">${e.field}</td><td data-label="Problem" class="problem">${e.message}</td></tr>`,
  )}</tbody>
</table>`
    : ''
}
${
  result.imported > 0
    ? html`<form method="post" action="/program/import/${upload.id}" class="actions">
  <input type="hidden" name="_csrf" value="${ctx.csrf}">
  <button class="primary" type="submit">Confirm import</button>
  <span>imports the ${result.imported} good ${result.imported === 1 ? 'row' : 'rows'} of this file, and nothing else.</span>
</form>`
    : html`<p class="not-approvable">Nothing in this file to import.</p>`
}
<p><a href="/program/import">Upload another file</a></p>`,
  );
}

/** The flash after the real run: "Imported 3 people; 1 already there was skipped; 2 rows with errors were not imported." */
export function importedText(kind: ImportKind, r: ImportResult): string {
  const parts = [`Imported ${r.imported} ${r.imported === 1 ? (kind === 'people' ? 'person' : 'pair') : kindLabel[kind]}`];
  if (r.skipped > 0) parts.push(`${r.skipped} already there ${r.skipped === 1 ? 'was' : 'were'} skipped`);
  const bad = rowsWithErrors(r);
  if (bad > 0) parts.push(`${bad} ${bad === 1 ? 'row' : 'rows'} with errors ${bad === 1 ? 'was' : 'were'} not imported`);
  return `${parts.join('; ')}.`;
}
