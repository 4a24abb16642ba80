// The review page's only style sheet and script, served from our origin (the CSP allows nothing else).

export const stylesheet = `
:root { --fg: #1d2430; --muted: #5b6575; --line: #d9dee7; --bg: #f6f7f9; --card: #fff; --accent: #1f5fbf; --ok: #1c7c3c; --bad: #b3261e; --warn: #8a5a00; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
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
  var printButtons = document.querySelectorAll('[data-print]');
  for (var b = 0; b < printButtons.length; b++) printButtons[b].addEventListener('click', function () { window.print(); });
})();
`;
