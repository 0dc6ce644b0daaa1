import express, { type RequestHandler } from 'express';
import { HttpError } from './errors.js';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] ?? '0') !== '0';
}

/**
 * JSON bodies only: a body of any other type is 415 `unsupported_media_type` (rather than being
 * silently ignored and reported as missing fields); size and syntax errors from the parser become
 * 413/400 in the error handler.
 */
export function jsonBody(limit: string): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (METHODS_WITH_BODY.has(req.method) && hasBody(req.headers) && !req.is('application/json')) {
      return next(
        new HttpError(
          415,
          'unsupported_media_type',
          `Send the body as JSON with "Content-Type: application/json" (got ${JSON.stringify(req.headers['content-type'] ?? 'none')}).`,
        ),
      );
    }
    next();
  };
  return [requireJson, express.json({ limit, strict: true })];
}
