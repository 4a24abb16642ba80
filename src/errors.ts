/** Errors the domain raises; each adapter (HTTP, CLI) turns them into its own answer. */
export class DomainError extends Error {
  constructor(
    readonly kind: 'not_found' | 'conflict' | 'invalid',
    message: string,
    /** The input field at fault, for `invalid`. */
    readonly field?: string,
    /** A more precise code than `kind` for the API's `error.code` (e.g. `not_screened`). */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
export const conflict = (message: string, code?: string) => new DomainError('conflict', message, undefined, code);
export const invalid = (field: string, message: string) => new DomainError('invalid', `${field}: ${message}`, field);
