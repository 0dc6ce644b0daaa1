import type { RequestHandler } from 'express';
import type { Histogram } from 'prom-client';

/**
 * Observes http_request_duration_seconds with the Express route pattern (e.g. /api/products/:id),
 * never the raw URL, so label cardinality stays bounded; requests no route matched are `unmatched`.
 */
export function requestMetrics(histogram: Histogram<'method' | 'route' | 'status_code'>): RequestHandler {
  return (req, res, next) => {
    const end = histogram.startTimer();
    res.once('finish', () => {
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      end({ method: req.method, route, status_code: String(res.statusCode) });
    });
    next();
  };
}
