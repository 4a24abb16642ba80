import { html, type Html } from '../../../html.js';
import { layout, type PageContext } from '../layout.js';

/** The program pages, in the order a coordinator sets a program up. */
export const programSections = [
  { path: '/program', label: 'Overview' },
  { path: '/program/dashboard', label: 'Dashboard' },
  { path: '/program/responsibilities', label: 'Responsibilities' },
  { path: '/program/organizations', label: 'Organizations' },
  { path: '/program/people', label: 'People' },
  { path: '/program/pairs', label: 'Pairs' },
  { path: '/program/import', label: 'Import' },
  { path: '/program/staff', label: 'Staff' },
] as const;

export type ProgramSection = (typeof programSections)[number]['path'];

/** A program page: the common layout with the program's own menu, the current section marked. */
export function programLayout(ctx: PageContext, current: ProgramSection, title: string, body: Html): string {
  return layout(
    ctx,
    title,
    html`<nav class="subnav" aria-label="Program">${programSections.map(
      (s) => html`<a href="${s.path}"${s.path === current ? html` aria-current="page"` : ''}>${s.label}</a>`,
    )}</nav>
${body}`,
  );
}
