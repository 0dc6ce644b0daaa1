import type { IngressUpstreamPolicy } from '../../../topology/model.js';

/**
 * ingress-nginx's `proxy-next-upstream` rules (nginx's proxy_next_upstream), applied to one failed try.
 *
 * - `error`: the connection could not be made, or broke while sending the request or reading the
 *   response header; `timeout`: the connect timeout or the read timeout expired;
 *   `invalid_header`: the upstream answered something that is not HTTP. Only the kinds listed are
 *   passed to the next upstream; `off` passes none.
 * - A non-idempotent request (nginx's list: POST, LOCK, PATCH) is not passed to the next upstream once
 *   it has been sent to one (nginx ≥ 1.9.13, unless `non_idempotent` is listed): the first pod may
 *   have acted on it, so an order is never sent twice by the edge. A request that was never sent (the
 *   connection was refused or timed out) is passed on whatever its method, as nginx does: see nginx's
 *   docs for proxy_next_upstream and its test proxy_next_upstream_non_idempotent.t.
 * - Once any of the response reached the client nothing is retried (the caller checks that).
 */
export type UpstreamFailureReason =
  | 'connect-refused'
  | 'connect-error'
  | 'connect-timeout'
  | 'read-timeout'
  | 'connection-error'
  | 'invalid-response';

export interface UpstreamFailure {
  reason: UpstreamFailureReason;
  /** The proxy-next-upstream kind this failure counts as. */
  kind: 'error' | 'timeout' | 'invalid_header';
  /** Whether the request may have reached the upstream (false only when no connection was made). */
  requestSent: boolean;
  message: string;
}

export const supportedNextUpstream = ['error', 'timeout', 'invalid_header', 'non_idempotent', 'off'] as const;

const nonIdempotentMethods = new Set(['POST', 'LOCK', 'PATCH']);

/** Throws, naming every unsupported token, when the policy asks for something this proxy cannot imitate. */
export function assertSupportedPolicy(policy: IngressUpstreamPolicy): void {
  const unsupported = policy.nextUpstream.filter(
    (token) => !(supportedNextUpstream as readonly string[]).includes(token),
  );
  if (unsupported.length > 0) {
    throw new Error(
      `proxy-next-upstream ${unsupported.map((t) => `"${t}"`).join(', ')} is not supported by the lab's ingress ` +
        `proxy; supported: ${supportedNextUpstream.join(', ')} (ingress-nginx's default is "error timeout")`,
    );
  }
  if (!Number.isInteger(policy.tries) || policy.tries < 1) {
    throw new Error(`proxy-next-upstream-tries must be a whole number ≥ 1, got ${policy.tries}`);
  }
}

/** Classifies an error from undici's dispatcher into nginx's terms. */
export function classifyUpstreamError(error: unknown): UpstreamFailure {
  const err = error as { code?: string; syscall?: string; message?: string; name?: string };
  const message = err.message ?? String(error);
  if (err.code === 'UND_ERR_CONNECT_TIMEOUT') {
    return { reason: 'connect-timeout', kind: 'timeout', requestSent: false, message };
  }
  if (err.syscall === 'connect' || err.code === 'ECONNREFUSED') {
    const reason = err.code === 'ECONNREFUSED' ? 'connect-refused' : 'connect-error';
    return { reason, kind: 'error', requestSent: false, message };
  }
  if (err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT') {
    return { reason: 'read-timeout', kind: 'timeout', requestSent: true, message };
  }
  if (err.name === 'HTTPParserError' || err.code?.startsWith('HPE_')) {
    return { reason: 'invalid-response', kind: 'invalid_header', requestSent: true, message };
  }
  return { reason: 'connection-error', kind: 'error', requestSent: true, message };
}

/** Whether nginx would pass this request to the next upstream after this failure (tries aside). */
export function mayPassToNextUpstream(
  policy: IngressUpstreamPolicy,
  method: string,
  failure: UpstreamFailure,
): boolean {
  const kinds = policy.nextUpstream;
  if (kinds.includes('off') || !kinds.includes(failure.kind)) return false;
  if (failure.requestSent && nonIdempotentMethods.has(method) && !kinds.includes('non_idempotent')) {
    return false;
  }
  return true;
}

/** The status nginx answers when no try succeeded: 504 when the last failure was a timeout, else 502. */
export function statusForFailure(failure: UpstreamFailure): 502 | 504 {
  return failure.kind === 'timeout' ? 504 : 502;
}
