import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isTransientDbError } from '../db/transient-errors.js';
import { HttpError } from './errors.js';

interface ErrorBody {
  error: { code: string; message: string; details?: { field: string; message: string }[] };
}

/** Errors body-parser raises (they carry `type` and a 4xx `status`). */
const PARSER_ERRORS: Record<string, [number, string, string]> = {
  'entity.parse.failed': [400, 'malformed_json', 'The request body is not valid JSON.'],
  'entity.too.large': [413, 'payload_too_large', 'The request body is too large.'],
  'encoding.unsupported': [415, 'unsupported_media_type', 'The request body encoding is not supported.'],
  'charset.unsupported': [415, 'unsupported_media_type', 'Send JSON bodies as UTF-8.'],
  'request.aborted': [400, 'request_aborted', 'The request body was not received completely.'],
};

/**
 * Errors that Express or its libraries raise with a 4xx `status`: http-errors marks them `expose`,
 * but the router's URIError for a malformed %-escape in a path parameter carries only `status: 400`.
 * A 4xx status always describes the request, so it is answered as such, never as a 500.
 */
function isClientError(err: unknown): err is { status: number } {
  const status = (err as { status?: unknown })?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

export const notFoundHandler: RequestHandler = (req, res) => {
  const body: ErrorBody = {
    error: { code: 'not_found', message: `No route for ${req.method} ${req.path}.` },
  };
  res.status(404).json(body);
};

/**
 * The last middleware: every error becomes the API error shape. Anything that is not an HttpError or
 * a known parser error is logged with its stack and answered without internals (no stack, no SQL).
 */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, next) => {
  if (res.headersSent) return next(err); // Express closes the connection
  let status = 500;
  let body: ErrorBody;
  const parserError = PARSER_ERRORS[(err as { type?: string })?.type ?? ''];
  if (err instanceof HttpError) {
    status = err.status;
    body = { error: { code: err.code, message: err.message, ...(err.details && { details: err.details }) } };
    if (err.headers) res.set(err.headers);
  } else if (parserError) {
    [status] = parserError;
    body = { error: { code: parserError[1], message: parserError[2] } };
    if (status === 413) {
      const limit = (err as { limit?: number }).limit;
      if (limit) body.error.message = `The request body is larger than the limit of ${limit} bytes.`;
    }
  } else if (isClientError(err)) {
    status = err.status;
    body =
      err instanceof URIError
        ? {
            error: {
              code: 'malformed_url',
              message: 'The URL has invalid percent-encoding (e.g. a lone "%").',
            },
          }
        : { error: { code: 'bad_request', message: 'The request is malformed.' } };
  } else if (isTransientDbError(err)) {
    status = 503;
    res.set('Retry-After', '1');
    body = { error: { code: 'service_unavailable', message: 'The database is unavailable; retry shortly.' } };
    req.log?.warn({ err }, 'database unavailable');
  } else {
    req.log?.error({ err }, 'unhandled error');
    body = {
      error: {
        code: 'internal_error',
        message: `Something went wrong on our side. Quote request id ${String(req.id ?? 'unknown')} if you report it.`,
      },
    };
  }
  res.status(status).json(body);
};
