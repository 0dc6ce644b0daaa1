import { unauthorized } from '../http/errors.js';

/** Recognising the PostgreSQL errors the commerce routes turn into API errors. */

interface PgError {
  code?: string;
  constraint?: string;
}

export function isConstraintViolation(
  err: unknown,
  sqlState: '23503' | '23505',
  constraint: string,
): boolean {
  const e = err as PgError;
  return e?.code === sqlState && e.constraint === constraint;
}

/**
 * A signed token can outlive its user (the account was removed, or the database was restored from a
 * backup older than the sign-up). Writing a row for that user trips the users foreign key; that is
 * the client's problem (sign in again), not a server error.
 */
export function rethrowUnknownUser(err: unknown, userForeignKey: string): never {
  if (isConstraintViolation(err, '23503', userForeignKey)) {
    throw unauthorized('Your account no longer exists here; sign up or sign in again.');
  }
  throw err;
}
