import type { ErrorKind } from '../request-record.js';

/**
 * What kind of failure an undici request error is. undici reports socket failures with its own codes
 * (UND_ERR_*) or Node's (ECONNREFUSED, ...), sometimes on `cause`; an AbortSignal.timeout() abort
 * rejects with a DOMException named TimeoutError.
 */
export function socketErrorKind(error: unknown): ErrorKind {
  for (
    let e = error as { name?: string; code?: string; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    depth += 1
  ) {
    if (e.name === 'TimeoutError') return 'timeout';
    switch (e.code) {
      case 'ECONNREFUSED':
        return 'connection_refused';
      case 'ECONNRESET':
      case 'EPIPE':
      case 'UND_ERR_SOCKET':
        return 'connection_reset';
      case 'ETIMEDOUT':
      case 'UND_ERR_CONNECT_TIMEOUT':
      case 'UND_ERR_HEADERS_TIMEOUT':
      case 'UND_ERR_BODY_TIMEOUT':
        return 'timeout';
    }
    e = e.cause as typeof e;
  }
  return 'other';
}
