import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { validationResult, type ValidationChain } from 'express-validator';
import { HttpError } from './errors.js';

/**
 * Runs express-validator chains and rejects the request with 400 `validation_failed` listing every
 * problem at once (one entry per field), so a client fixes all of its input in one round trip.
 */
export function validate(...chains: ValidationChain[]): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    for (const chain of chains) await chain.run(req);
    const result = validationResult(req);
    if (result.isEmpty()) return next();
    const seen = new Set<string>();
    const details = [];
    for (const e of result.array()) {
      const field = e.type === 'field' ? e.path : e.type;
      if (seen.has(field)) continue;
      seen.add(field);
      details.push({ field, message: String(e.msg) });
    }
    next(new HttpError(400, 'validation_failed', 'The request has invalid fields; see details.', details));
  };
}
