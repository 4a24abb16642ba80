import type { FastifyReply, FastifyRequest } from 'fastify';
import Type, { type TSchema } from 'typebox';
import { DomainError, invalid } from '../../../errors.js';
import { setFlash } from '../../page.js';

declare module 'fastify' {
  interface Session {
    /** What a program form held when the domain refused it: the page shows it again, once. */
    programForm?: { form: string; values: Record<string, string> };
  }
}

/**
 * A form body: every field a string (a form posts nothing else), all optional so that a missing
 * one becomes the domain's error flash naming the field, and a missing `_csrf` the CSRF check's
 * 403, not a validation error.
 */
export const FormBody = (...names: string[]): TSchema =>
  Type.Object(
    { _csrf: Type.Optional(Type.String()), ...Object.fromEntries(names.map((n) => [n, Type.Optional(Type.String({ maxLength: 2000 }))])) },
    { additionalProperties: true },
  );

/** A form's body as the handler reads it (FormBody validated it). */
export type Form<K extends string> = Partial<Record<K, string>>;

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** The API's field names as the forms label them, for error flashes ("Organization: no organization with id 9"). */
const labels: Record<string, string> = {
  name: 'Name',
  kind: 'Kind',
  email: 'Email',
  emails: 'Other addresses',
  role: 'Role',
  organizationId: 'Organization',
  mentorId: 'Mentor',
  protegeId: 'Protégé',
  password: 'Password',
  status: 'Status',
  step: 'Step',
  at: 'Date',
  expiresAt: 'Check valid until',
  note: 'Note',
  guardianId: 'Guardian',
  reason: 'Reason',
  relationship: 'Relationship',
  phone: 'Phone',
  channel: 'How',
  summary: 'What was said',
  followUpDue: 'Follow up by',
  followUpDone: 'Follow-up',
  rematch: 'Rematch',
  id: 'Account',
};

/** A domain error as a person reads it: the field by its label on the form. */
export function errorText(err: DomainError): string {
  const text = err.field && err.message.startsWith(`${err.field}: `) ? `${labels[err.field] ?? err.field}: ${err.message.slice(err.field.length + 2)}` : err.message;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Runs a form's change, then redirects (303) with a flash. A domain error (a bad value, a
 * conflict) becomes an error flash naming the field, and what was typed is kept for the page to
 * show again (`form` names which form); anything else goes to the error handler.
 */
export async function submit(
  req: FastifyRequest,
  reply: FastifyReply,
  opts: { back: string; form?: string; done: (result: never) => string; next?: (result: never) => string },
  change: () => Promise<unknown>,
) {
  try {
    const result = (await change()) as never;
    setFlash(req, 'ok', opts.done(result));
    return reply.redirect(opts.next ? opts.next(result) : opts.back, 303);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    setFlash(req, 'error', errorText(err));
    if (opts.form) {
      const { _csrf, password, ...values } = (req.body ?? {}) as Record<string, unknown>;
      // Never a password: the session store is a database table.
      req.session.set('programForm', { form: opts.form, values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v ?? '')])) });
    }
    return reply.redirect(opts.back, 303);
  }
}

/** The values of `form` kept from a refused submission, once; empty otherwise. */
export function keptForm(req: FastifyRequest, form: string): Record<string, string> {
  const kept = req.session.get('programForm');
  if (!kept) return {};
  req.session.set('programForm', undefined);
  return kept.form === form ? kept.values : {};
}

/**
 * The values kept from a refused submission, for a person's page with several forms: `details` is
 * form `person-ID`, any other `person-ID-NAME`; each gets its own values, or none.
 */
export function keptForms<F extends string>(req: FastifyRequest, forms: readonly F[], personId: number): Record<F, Record<string, string>> {
  const kept = req.session.get('programForm');
  if (kept) req.session.set('programForm', undefined);
  const formName = (f: string) => (f === 'details' ? `person-${personId}` : `person-${personId}-${f}`);
  return Object.fromEntries(forms.map((f) => [f, kept?.form === formName(f) ? kept.values : {}])) as Record<F, Record<string, string>>;
}

/** A chosen id from a form's select: empty is none; anything else that is not an id is refused, naming the field (never read as "none"). */
export const optionalId = (value: string | undefined, field: string): number | null => {
  if (value === undefined || value === '') return null;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw invalid(field, `not one of the choices: ${JSON.stringify(value)}`);
  return Number(value);
};
