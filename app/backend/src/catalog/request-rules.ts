import type { NextFunction, Request, Response } from 'express';
import { body, matchedData, param, query, type ValidationChain } from 'express-validator';
import { HttpError } from '../http/errors.js';

/**
 * Validation building blocks shared by the catalogue, cart and orders routers (they live here because
 * the catalogue is the commerce module the other two already depend on).
 *
 * express-validator's built-in validators stringify their input, so `isInt()` accepts `"5"`, `true`
 * fails late and an array `[5]` is validated element by element and passes. A JSON API should say
 * "this must be a number" instead, so body numbers are checked by type first.
 */

/** PostgreSQL `integer`: product ids and every count we store. */
export const MAX_INT4 = 2_147_483_647;

/** A path id like `/products/:id`: a positive integer (never `1.5`, `-1`, `abc`, `1e3`), read as a number. */
export function idParam(name: string, max = MAX_INT4): ValidationChain {
  return param(name)
    .matches(/^[1-9]\d{0,15}$/)
    .withMessage(`must be a positive whole number (1 to ${max})`)
    .bail()
    .isInt({ min: 1, max })
    .withMessage(`must be a positive whole number (1 to ${max})`)
    .toInt();
}

/** A body field that must be present (else "is required"), or may be absent when optional. */
export function bodyField(field: string, presence: 'required' | 'optional'): ValidationChain {
  const start = body(field);
  return presence === 'optional'
    ? start.optional({ values: 'undefined' })
    : start.exists({ values: 'undefined' }).withMessage('is required').bail();
}

/** A JSON-number body field holding a whole number in [min, max]. */
export function jsonInteger(
  field: string,
  min: number,
  max: number,
  presence: 'required' | 'optional' = 'required',
): ValidationChain {
  const chain = bodyField(field, presence);
  return chain
    .custom((v) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max)
    .withMessage(`must be a whole number from ${min} to ${max}`);
}

/** A JSON-string body field, trimmed, whose trimmed length is within [min, max]. */
export function jsonString(
  field: string,
  min: number,
  max: number,
  presence: 'required' | 'optional' = 'required',
): ValidationChain {
  const chain = bodyField(field, presence);
  return chain
    .isString()
    .withMessage('must be a string')
    .bail()
    .trim()
    .isLength({ min, max })
    .withMessage(min > 0 ? `must be ${min} to ${max} characters` : `must be at most ${max} characters`);
}

/**
 * A query parameter given at most once. Express parses `?limit=1&limit=2` into an array, which the
 * string validators would check element by element, so a repeated parameter is refused outright.
 */
export function singleQuery(name: string): ValidationChain {
  return query(name)
    .optional({ values: 'undefined' })
    .custom((v) => typeof v === 'string')
    .withMessage('must be given once, as a plain value')
    .bail();
}

/** `limit` (1..100, default 20) and `offset` (0..maxOffset, default 0) of a listing. */
export function paginationRules(maxOffset = 100_000): ValidationChain[] {
  return [
    singleQuery('limit')
      .isInt({ min: 1, max: 100 })
      .withMessage('must be a whole number from 1 to 100')
      .toInt(),
    singleQuery('offset')
      .isInt({ min: 0, max: maxOffset })
      .withMessage(`must be a whole number from 0 to ${maxOffset}`)
      .toInt(),
  ];
}

export function readPagination(req: Request): { limit: number; offset: number } {
  const data = matchedData(req, { locations: ['query'] }) as { limit?: number; offset?: number };
  return { limit: data.limit ?? 20, offset: data.offset ?? 0 };
}

/** Rejects every top-level body field not in `allowed` (one detail per unknown field). */
export function onlyKnownFields(allowed: readonly string[]): ValidationChain {
  return body('*')
    .custom((_value, { path }) => allowed.includes(path))
    .withMessage(`is not a field of this request; allowed: ${allowed.join(', ')}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The request body must be a JSON object: express.json also parses arrays, and leaves `req.body`
 * undefined when no body was sent (the app's JSON middleware already answers 415 for other content
 * types). `required: false` lets a request carry no body at all, as `POST /api/orders` does when it
 * orders the cart.
 */
export function jsonObjectBody({ required }: { required: boolean }) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const value: unknown = req.body;
    if ((value === undefined && !required) || isPlainObject(value)) return next();
    next(
      new HttpError(400, 'validation_failed', 'The request has invalid fields; see details.', [
        {
          field: 'body',
          message:
            value === undefined
              ? 'is required: a JSON object sent with "Content-Type: application/json"'
              : `must be a JSON object, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`,
        },
      ]),
    );
  };
}

/** The validated (and sanitised) values; Express 5 re-parses `req.query` on every read, so use this. */
export function validated<T>(req: Request, locations: ('body' | 'params' | 'query')[]): T {
  return matchedData(req, { locations }) as T;
}
