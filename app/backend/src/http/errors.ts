/**
 * The one error type route code throws. The error handler turns it into the API's error body
 * `{"error":{"code","message","details"?}}`; anything else becomes a 500 without internals.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: FieldProblem[],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (code: string, message: string, details?: FieldProblem[]) =>
  new HttpError(400, code, message, details);
export const unauthorized = (
  message = 'Sign in first: send a valid "Authorization: Bearer <token>" header.',
) => new HttpError(401, 'unauthorized', message);
export const forbidden = (message = 'Your role may not do this.') => new HttpError(403, 'forbidden', message);
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} was not found.`);
export const conflict = (code: string, message: string) => new HttpError(409, code, message);
