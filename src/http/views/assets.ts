// The review page's only style sheet and script, served from our origin (the CSP allows nothing else).

export const stylesheet = `
:root { --fg: #1d2430; --muted: #5b6575; --line: #d9dee7; --bg: #f6f7f9; --card: #fff; --accent: #1f5fbf; --ok: #1c7c3c; --bad: #b3261e; --warn: #8a5a00; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
a.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; z-index: 10; }
a.skip:focus { left: .5rem; }
main:focus { outline: none; }
header.top { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .6rem 1rem; background: #17324d; color: #fff; }
header.top a, header.top button.link { color: #fff; }
header.top .brand { font-weight: 700; margin-right: auto; }
header.top nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; }
main { max-width: 1200px; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.4rem; margin: .2rem 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.card > h2:first-child { margin-top: 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin-bottom: 1rem; }
.muted { color: var(--muted); }
.flash { padding: .75rem 1rem; border-radius: 6px; margin-bottom: 1rem; border: 1px solid; }
.flash.ok { background: #e8f5ec; border-color: #9fd3ae; }
.flash.error { background: #fdecea; border-color: #f1a7a1; }
button, .button { font: inherit; padding: .55rem 1rem; border-radius: 6px; border: 1px solid var(--line); background: #fff; color: var(--fg); cursor: pointer; min-height: 44px; }
button.approve { background: var(--ok); border-color: var(--ok); color: #fff; }
button.reject { background: var(--bad); border-color: var(--bad); color: #fff; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.link { background: none; border: none; padding: 0; min-height: 0; text-decoration: underline; }
label { display: block; font-weight: 600; margin: .5rem 0 .25rem; }
input[type=email], input[type=password], input[type=text], select, textarea { font: inherit; width: 100%; padding: .5rem; border: 1px solid #aab3c0; border-radius: 6px; background: #fff; }
textarea { min-height: 6rem; }
.summary { display: flex; flex-wrap: wrap; gap: 1rem 2rem; }
.summary strong { font-size: 1.3rem; display: block; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: flex-end; }
.filters > div { min-width: 12rem; flex: 1; }
table.queue { width: 100%; border-collapse: collapse; background: var(--card); }
table.queue th, table.queue td { text-align: left; padding: .6rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
table.queue tr:focus-within, table.queue tr.current { background: #eef4ff; }
.subject { font-weight: 600; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 999px; font-size: .8rem; border: 1px solid var(--line); background: #fff; white-space: nowrap; }
.badge.urgent { border-color: var(--bad); color: var(--bad); }
.badge.review { border-color: var(--warn); color: var(--warn); }
.badge.urgent { background: #fdecea; font-weight: 700; }
mark { background: #fff1b8; border-bottom: 2px solid var(--warn); padding: 0 1px; }
mark.urgent { background: #fdd8d4; border-bottom-color: var(--bad); }
mark.info { background: #e8f0fe; border-bottom-color: var(--accent); }
ul.flags { padding-left: 1.1rem; margin: 0; }
ul.flags li { margin-bottom: .4rem; overflow-wrap: anywhere; }
/* The message's text comes before the flag list in the page, as a phone shows it (the text first,
   its words marked); a wide screen shows the list above the text, where a reviewer looks first. */
@media (min-width: 641px) {
  .text-and-flags { display: flex; flex-direction: column; }
  .text-and-flags > .flag-list { order: -1; }
}
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
pre.body { white-space: pre-wrap; overflow-wrap: anywhere; font: 15px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; margin: 0; }
iframe.html-body { width: 100%; min-height: 320px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
.decide { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); }
.decide form { margin: 0; }
ol.events { padding-left: 1.2rem; margin: 0; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin-top: .75rem; }
.kbd-help { font-size: .85rem; }
kbd { border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 .3rem; background: #fff; font-size: .85em; }
.login { max-width: 24rem; margin: 10vh auto; }
nav.subnav { display: flex; flex-wrap: wrap; gap: .25rem .5rem; margin-bottom: 1rem; }
nav.subnav a { padding: .4rem .7rem; border-radius: 6px; text-decoration: none; border: 1px solid var(--line); background: #fff; }
nav.subnav a[aria-current=page] { background: var(--accent); border-color: var(--accent); color: #fff; }
.not-approvable { padding: .75rem 1rem; border: 1px solid var(--warn); border-radius: 6px; background: #fff8e6; margin: 0; }
dialog.confirm { max-width: 28rem; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; }
dialog.confirm::backdrop { background: rgba(23, 50, 77, .45); }
dialog.confirm p { margin-top: 0; }
@media (max-width: 640px) {
  main { padding: .5rem; }
  table.queue thead { display: none; }
  table.queue, table.queue tbody, table.queue tr, table.queue td { display: block; width: 100%; }
  table.queue tr { border: 1px solid var(--line); border-radius: 8px; margin-bottom: .75rem; padding: .25rem .5rem; }
  table.queue td { border: none; padding: .2rem 0; }
  table.queue td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); }
  dl.meta { grid-template-columns: 1fr; }
  dl.meta dd { margin-bottom: .4rem; }
}
/* ---- Coordinator pages (/program): forms in a grid, tables that become cards as table.queue does. */
.visually-hidden { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
input[type=search] { font: inherit; width: 100%; padding: .5rem; border: 1px solid #aab3c0; border-radius: 6px; background: #fff; }
.grid-form { display: grid; gap: 0 1rem; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); align-items: start; }
.grid-form .actions { grid-column: 1 / -1; }
.field label { margin-top: .5rem; }
.hint { font-size: .85rem; margin: .2rem 0 0; }
form.inline { display: inline-flex; flex-wrap: wrap; gap: .4rem; align-items: center; margin: 0 .4rem .4rem 0; }
form.inline select { width: auto; }
button.small { min-height: 36px; padding: .25rem .7rem; font-size: .9rem; }
button.danger, .button.danger { border-color: var(--bad); color: var(--bad); background: #fff; }
a.button { display: inline-flex; align-items: center; text-decoration: none; }
table.program .address, .address { overflow-wrap: anywhere; }
table.program td.row-actions { white-space: normal; }
table.program tr.disabled td { color: var(--muted); }
.badge.status-active { border-color: var(--ok); color: var(--ok); }
.badge.status-paused { border-color: var(--warn); color: var(--warn); background: #fff8e6; }
.badge.status-closed { color: var(--muted); }
.badge.status-pending { border-color: var(--accent); color: var(--accent); background: #eef4ff; }
/* Onboarding pipeline on a person's page: one line per step, the next one marked. */
ol.pipeline { list-style: none; counter-reset: step; padding: 0; margin: 0 0 1rem; }
ol.pipeline li { counter-increment: step; display: flex; flex-wrap: wrap; gap: .25rem .6rem; align-items: baseline; padding: .45rem 0 .45rem 2.2rem; border-bottom: 1px solid var(--line); position: relative; }
ol.pipeline li::before { content: counter(step); position: absolute; left: 0; width: 1.6rem; height: 1.6rem; border-radius: 50%; border: 1px solid var(--line); display: inline-flex; align-items: center; justify-content: center; font-size: .85rem; color: var(--muted); }
ol.pipeline li[data-status=done]::before, ol.pipeline li[data-status=cleared]::before { content: "✓"; border-color: var(--ok); color: var(--ok); }
ol.pipeline li[data-status=failed]::before, ol.pipeline li[data-status=expired]::before { content: "!"; border-color: var(--bad); color: var(--bad); }
ol.pipeline li.next { background: #f4f8ff; }
ol.pipeline .step-name { font-weight: 600; }
ol.pipeline .step-note { flex-basis: 100%; overflow-wrap: anywhere; }
.badge.step-done, .badge.step-cleared { border-color: var(--ok); color: var(--ok); }
.badge.step-failed, .badge.step-expired { border-color: var(--bad); color: var(--bad); }
.badge.step-pending { color: var(--muted); }
.badge.next-badge { border-color: var(--accent); color: var(--accent); }
.pipeline-state.ok { color: var(--ok); font-weight: 600; }
.pipeline-state.bad { color: var(--bad); font-weight: 600; }
ul.missing { margin: .2rem 0 0; padding-left: 1.2rem; }
ul.guardians, ul.contacts { list-style: none; padding: 0; margin: 0 0 1rem; }
ul.guardians li, ul.contacts li { display: flex; flex-wrap: wrap; gap: .25rem .6rem; align-items: baseline; padding: .45rem 0; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
ul.contacts .summary-text { flex-basis: 100%; white-space: pre-wrap; }
ul.contacts .follow-up { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
.grid-form .field.wide { grid-column: 1 / -1; }
.grid-form textarea { width: 100%; font: inherit; padding: .5rem; border: 1px solid #aab3c0; border-radius: 6px; }
.close-form fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .75rem; padding: .25rem .75rem .5rem; }
.close-form legend { font-weight: 600; padding: 0 .25rem; }
.close-form label.choice { display: flex; gap: .5rem; align-items: center; font-weight: 400; min-height: 44px; }
details.inline-edit summary { cursor: pointer; color: var(--accent); text-decoration: underline; min-height: 44px; display: flex; align-items: center; }
details.inline-edit[open] { min-width: 16rem; }
ul.emails { list-style: none; padding: 0; margin: 0 0 1rem; }
ul.emails li { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; padding: .4rem 0; border-bottom: 1px solid var(--line); }
ul.emails li form.inline { margin: 0 0 0 auto; }
.attention-grid { display: grid; gap: 0 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr)); align-items: start; }
.attention h2 { margin-top: 0; }
table.program { margin-bottom: 1rem; }
.attention ul { margin: 0 0 .5rem; padding-left: 1.2rem; }
.attention li { overflow-wrap: anywhere; }
.confirm-step { max-width: 40rem; }
.filters .filter-buttons { flex: 0 0 auto; min-width: 0; display: flex; gap: .75rem; align-items: center; }
@media (max-width: 640px) {
  table.program td.row-actions { padding-top: .4rem; }
  details.inline-edit[open] { min-width: 0; }
  ul.emails li form.inline { margin-left: 0; }
}
/* Import page (/program/import) */
.import-form fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .5rem; padding: .25rem .75rem .5rem; }
.import-form legend { font-weight: 600; padding: 0 .25rem; }
.import-form label.choice { display: inline-flex; gap: .4rem; align-items: center; font-weight: 400; margin-right: 1.25rem; min-height: 44px; }
.import-form input[type=file] { font: inherit; max-width: 100%; }
.import-help h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
pre.example { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; overflow-x: auto; font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; }
table.import-errors td.problem { overflow-wrap: anywhere; }
/* Dashboard (/program/dashboard) */
.week-range { margin: -.6rem 0 .5rem; color: var(--muted); }
nav.week-nav { display: flex; flex-wrap: wrap; gap: .5rem; margin-bottom: 1rem; }
.rollups > div { min-width: 7rem; }
figure.chart { margin: 0; }
figure.chart svg { display: block; width: 100%; height: auto; max-width: 34rem; }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; padding: 0; margin: 0 0 .5rem; font-size: .9rem; }
ul.legend .swatch { display: inline-block; width: .9rem; height: .9rem; border-radius: 2px; margin-right: .4rem; vertical-align: -.1rem; }
ul.legend .swatch.m2p { background: #1f5fbf; }
ul.legend .swatch.p2m { background: #c25e00; }
figure.chart figcaption { font-size: .9rem; margin-top: .25rem; }
details.chart-numbers summary { cursor: pointer; color: var(--accent); min-height: 44px; display: flex; align-items: center; }
table.numbers { border-collapse: collapse; font-size: .9rem; }
table.numbers th, table.numbers td { padding: .25rem .5rem; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; }
table.numbers th[scope=row], table.numbers thead th:first-child { text-align: left; }
table.numbers tr.shown { background: #eef4ff; font-weight: 600; }
ol.nudges { padding-left: 1.4rem; margin: 0; }
ol.nudges li { padding: .5rem 0; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
ol.nudges p { margin: .2rem 0 0; }
a.pair-link { font-weight: 600; }
.results h3 { font-size: 1rem; margin: .75rem 0 .25rem; }
.results p { margin: 0 0 .4rem; }
.results ul { margin: 0 0 .5rem; padding-left: 1.2rem; overflow-wrap: anywhere; }
.overdue { color: var(--bad); font-weight: 600; }
table.reviewers { font-size: .9rem; }
table.reviewers th, table.reviewers td { padding-left: .3rem; padding-right: .3rem; }
table.reviewers td.reviewer { overflow-wrap: anywhere; font-weight: 600; }
/* A pair the dashboard links to (/program/pairs#pair-N) stands out in the list. */
table.program tr:target { background: #fff8e6; outline: 2px solid var(--warn); outline-offset: -2px; }
table.pairs tr { scroll-margin-top: .75rem; }
/* Responsibilities (/program/responsibilities) */
ol.tasks, ul.tasks { list-style: none; padding: 0; margin: 0; }
.task-row { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .6rem .8rem; margin-bottom: .6rem; }
.task-row:focus-within { border-color: var(--accent); }
.task-text { margin: 0 0 .25rem; font-weight: 600; overflow-wrap: anywhere; }
.task-who { margin: 0 0 .4rem; overflow-wrap: anywhere; }
.badge.unassigned { border-color: var(--bad); color: var(--bad); background: #fdecea; font-weight: 700; }
.badge.assigned { border-color: var(--ok); color: var(--ok); }
form.assign { display: grid; grid-template-columns: minmax(10rem, 1fr) minmax(12rem, 1.4fr) auto; gap: .25rem .75rem; align-items: end; }
form.assign label { margin-top: 0; }
.edit-task { margin-top: .4rem; }
.edit-task summary { cursor: pointer; color: var(--accent); }
.edit-task form { margin-top: .4rem; }
#sheet-state { margin-top: 0; }
@media (max-width: 640px) {
  form.assign { grid-template-columns: 1fr; }
  form.assign button { width: 100%; }
}
`;

// Keyboard shortcuts. Queue: j/k move between messages, o or Enter opens, x selects.
// Message: a approves, r goes to the reason, e to the edit box, n opens the next held message.
// When the approve form carries data-confirm (the message has flags to look at), a first asks in a
// dialog: Enter (or the focused "Yes, approve") confirms, Escape or "Cancel" leaves it held.
export const script = `
(function () {
  function typing(e) { var t = e.target; return t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable); }
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-href]'));
  var current = -1;
  function select(i) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (r, j) { r.classList.toggle('current', j === current); });
    var link = rows[current].querySelector('a.open');
    if (link) link.focus();
  }
  // The edit box sits in a collapsed <details>: a hidden textarea cannot take the focus, so open it first.
  function editBox(text) {
    var box = text.closest('details');
    if (box) box.open = true;
    text.focus();
  }
  var dialog = null;
  function confirmApprove(form) {
    if (!dialog) {
      dialog = document.createElement('dialog');
      dialog.className = 'confirm';
      dialog.setAttribute('aria-labelledby', 'confirm-text');
      var text = document.createElement('p');
      text.id = 'confirm-text';
      text.textContent = form.getAttribute('data-confirm');
      var choice = document.createElement('form');
      choice.method = 'dialog';
      choice.className = 'actions';
      var yes = document.createElement('button');
      yes.className = 'approve'; yes.value = 'approve'; yes.textContent = 'Yes, approve';
      var no = document.createElement('button');
      no.value = 'cancel'; no.textContent = 'Cancel';
      choice.appendChild(yes); choice.appendChild(no);
      dialog.appendChild(text); dialog.appendChild(choice);
      document.body.appendChild(dialog);
      // Escape closes a modal dialog by itself, with no return value: nothing is approved.
      dialog.addEventListener('close', function () { if (dialog.returnValue === 'approve') form.requestSubmit(); });
    }
    if (dialog.open) return;
    dialog.returnValue = '';
    dialog.showModal();
    dialog.querySelector('button.approve').focus();
  }
  document.addEventListener('keydown', function (e) {
    if (dialog && dialog.open) return; // the dialog's own buttons answer Enter and Escape
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e)) return;
    var k = e.key;
    if (rows.length) {
      if (k === 'j') { select(current + 1); e.preventDefault(); }
      else if (k === 'k') { select(current - 1); e.preventDefault(); }
      else if (k === 'o' && current >= 0) { location.href = rows[current].getAttribute('data-href'); }
      else if (k === 'x' && current >= 0) { var c = rows[current].querySelector('input[type=checkbox]'); if (c && !c.disabled) c.checked = !c.checked; }
    }
    var approve = document.getElementById('approve-form');
    if (k === 'a' && approve) { e.preventDefault(); if (approve.getAttribute('data-confirm')) confirmApprove(approve); else approve.requestSubmit(); }
    else if (k === 'r' && document.getElementById('reason')) { e.preventDefault(); document.getElementById('reason').focus(); }
    else if (k === 'e' && document.getElementById('edited-text')) { e.preventDefault(); editBox(document.getElementById('edited-text')); }
    else if (k === 'n' && document.getElementById('next-link')) { location.href = document.getElementById('next-link').getAttribute('href'); }
  });
  var template = document.getElementById('template');
  if (template) template.addEventListener('change', function () {
    var opt = template.options[template.selectedIndex];
    if (opt && opt.getAttribute('data-text')) document.getElementById('reason').value = opt.getAttribute('data-text');
  });
  // Responsibilities: the person list shows only the chosen organization's people (without the
  // script, the server refuses a person of another organization and names the field).
  var assignForms = document.querySelectorAll('form[data-assign]');
  for (var f = 0; f < assignForms.length; f++) (function (form) {
    var org = form.querySelector('[data-org-select]');
    var person = form.querySelector('[data-person-select]');
    if (!org || !person) return;
    // Kept aside as they came from the server; the select is rebuilt from them on each change.
    var groups = Array.prototype.slice.call(person.querySelectorAll('optgroup')).map(function (g) { return g.cloneNode(true); });
    function show() {
      var chosen = person.value;
      while (person.children.length > 1) person.removeChild(person.lastChild);
      for (var g = 0; g < groups.length; g++) {
        if (groups[g].getAttribute('data-org') !== org.value) continue;
        var opts = groups[g].querySelectorAll('option');
        for (var o = 0; o < opts.length; o++) person.appendChild(opts[o].cloneNode(true));
      }
      person.value = chosen;
      if (person.value !== chosen) person.value = '';
      person.disabled = org.value === '';
    }
    org.addEventListener('change', show);
    show();
  })(assignForms[f]);
  // After an assignment the page opens at the next task: its first field takes the focus. Not with
  // autofocus, which is ignored when the address names a fragment, and once loaded: scrolling to
  // the fragment moves the focus after this script has run.
  var focusFirst = document.querySelector('[data-autofocus]');
  if (focusFirst) window.addEventListener('load', function () { focusFirst.focus(); });
  var printButtons = document.querySelectorAll('[data-print]');
  for (var b = 0; b < printButtons.length; b++) printButtons[b].addEventListener('click', function () { window.print(); });
})();
`;
