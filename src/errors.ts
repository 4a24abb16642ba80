/** Errors the domain raises; each adapter (HTTP, CLI) turns them into its own answer. */
export class DomainError extends Error {
  constructor(
    readonly kind: 'not_found' | 'conflict' | 'invalid' | 'unprocessable' | 'unauthorized' | 'forbidden' | 'rate_limited',
    message: string,
    /** The input field at fault, for `invalid` and `unprocessable`. */
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
/** A value that is malformed in itself (400): an empty name, a bad address. */
export const invalid = (field: string, message: string) => new DomainError('invalid', `${field}: ${message}`, field);
/** A well-formed value that refers to something wrong (422): an unknown organization, a person of another one. */
export const unprocessable = (field: string, message: string) => new DomainError('unprocessable', `${field}: ${message}`, field, 'invalid_reference');
export const unauthorized = (message: string) => new DomainError('unauthorized', message);
export const forbidden = (message: string) => new DomainError('forbidden', message);
export const rateLimited = (message: string) => new DomainError('rate_limited', message);
