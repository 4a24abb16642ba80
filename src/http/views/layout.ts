import { html, type Html } from '../../html.js';

export interface Viewer {
  name: string;
  email: string;
  role: string;
}

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

export interface PageContext {
  programName: string;
  /** Screening is on: a message without screenedAt is still being read, not unscreened for good. */
  screening?: boolean;
  viewer: Viewer | null;
  csrf: string;
  flash?: Flash | null;
  /** The relay clock's time when the page is made ("waiting 2 h" is counted from it). */
  now: number;
}

/** A duration as a reviewer reads it: "45 min", "3 h 20 min", "2 days". */
export function age(fromIso: string, now: number): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(fromIso)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${Math.floor(hours / 24)} days`;
}

export const when = (iso: string) => html`<time datetime="${iso}">${iso.replace('T', ' ').slice(0, 16)} UTC</time>`;

export function layout(ctx: PageContext, title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · ${ctx.programName}</title>
<link rel="stylesheet" href="/assets/style.css">
<script src="/assets/review.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to the page</a>
<header class="top">
  <span class="brand">${ctx.programName}</span>
  ${
    ctx.viewer
      ? html`<nav aria-label="Main">
    <a href="/review">Queue</a>
    <a href="/review/decisions">Decisions</a>
    ${ctx.viewer.role === 'admin' ? html`<a href="/review/templates">Reasons</a>` : ''}
    ${ctx.viewer.role === 'admin' || ctx.viewer.role === 'coordinator' ? html`<a href="/program">Program</a>` : ''}
    <span>${ctx.viewer.name}</span>
    <form method="post" action="/logout"><input type="hidden" name="_csrf" value="${ctx.csrf}"><button class="link" type="submit">Log out</button></form>
  </nav>`
      : ''
  }
</header>
<main id="main" tabindex="-1">
${ctx.flash ? html`<p class="flash ${ctx.flash.kind}" role="${ctx.flash.kind === 'error' ? 'alert' : 'status'}">${ctx.flash.text}</p>` : ''}
${body}
</main>
</body>
</html>`.value;
}

export function loginPage(ctx: PageContext, opts: { email?: string; next?: string; error?: string }): string {
  return layout(
    ctx,
    'Log in',
    html`<div class="login card">
  <h1>Log in</h1>
  ${opts.error ? html`<p class="flash error" role="alert">${opts.error}</p>` : ''}
  <form method="post" action="/login">
    <input type="hidden" name="_csrf" value="${ctx.csrf}">
    ${opts.next ? html`<input type="hidden" name="next" value="${opts.next}">` : ''}
    <label for="email">Email</label>
    <input id="email" name="email" type="email" autocomplete="username" required autofocus value="${opts.email ?? ''}">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <div class="actions"><button class="primary" type="submit">Log in</button></div>
  </form>
</div>`,
  );
}

export function errorPage(ctx: PageContext, status: number, message: string): string {
  return layout(
    ctx,
    `Error ${status}`,
    html`<div class="card"><h1>${status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : 'Something went wrong'}</h1><p>${message}</p><p><a href="/review">Back to the queue</a></p></div>`,
  );
}
