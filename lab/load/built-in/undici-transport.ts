import type { Pool } from 'undici';
import type { Transport } from '../journeys/journey-types.js';
import { socketErrorKind } from './socket-error-kind.js';

/** Bodies the journeys do not read are drained (so the keep-alive connection is reused) up to this size. */
const drainLimitBytes = 4 * 1024 * 1024;

/** The built-in generator's transport: one undici keep-alive pool to the ingress, a timeout per request. */
export function undiciTransport(pool: Pool, requestTimeoutMs: number): Transport {
  return {
    async send(request) {
      try {
        const response = await pool.request({
          method: request.method,
          path: request.path,
          headers: request.headers,
          body: request.body,
          // One deadline for the whole exchange: connect, headers and body.
          signal: AbortSignal.timeout(requestTimeoutMs),
        });
        let bodyText: string | undefined;
        if (request.readBody) bodyText = await response.body.text();
        else await response.body.dump({ limit: drainLimitBytes });
        const headers = response.headers;
        return {
          status: response.statusCode,
          header(name) {
            const value = headers[name.toLowerCase()];
            return Array.isArray(value) ? value[0] : value;
          },
          ...(bodyText === undefined ? {} : { bodyText }),
        };
      } catch (error) {
        return { errorKind: socketErrorKind(error) };
      }
    },
  };
}
