import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Flash, PageContext } from './views/layout.js';

/** The CSP of every page: our own script and style sheet only; message HTML is shown in a sandboxed frame under it. */
export function pageCsp(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Inline styles stay inside sanitized message HTML; they cannot load anything under img-src/font-src.
    "style-src 'self' 'unsafe-inline'",
    // No remote image ever: the page shows a message as it will be forwarded, and that copy has none.
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** What every page needs: the program's name, who is looking, a CSRF token, and a flash message once. */
export async function pageContext(request: FastifyRequest, reply: FastifyReply): Promise<PageContext> {
  const flash = request.session.get('flash') ?? null;
  if (flash) request.session.set('flash', undefined);
  const csrf = await reply.generateCsrf();
  reply.header('content-security-policy', pageCsp()).type('text/html; charset=utf-8');
  return {
    programName: request.server.services.config.programName,
    screening: request.server.services.config.screening.enabled,
    viewer: request.staff ? { name: request.staff.name, email: request.staff.email, role: request.staff.role } : null,
    csrf,
    flash,
    now: request.server.services.clock.now(),
  };
}

export function setFlash(request: FastifyRequest, kind: Flash['kind'], text: string): void {
  request.session.set('flash', { kind, text });
}
