import type { IncomingMessage } from 'node:http';

/**
 * Reads a client's request body into memory, bounded by the ingress's body limit, as ingress-nginx does
 * by default (proxy_request_buffering on: nginx reads the whole body before it picks an upstream). Having
 * the body whole is also what lets a retry send it again. Resolves:
 * - `undefined` for a request without a body (no Content-Length, or 0, and no Transfer-Encoding), at no cost;
 * - `'too-large'` as soon as the declared or received length passes `limitBytes` (0 = no limit, as nginx);
 * - the body as one Buffer otherwise.
 */
export async function readRequestBody(
  req: IncomingMessage,
  limitBytes: number,
): Promise<Buffer | undefined | 'too-large'> {
  const declared = req.headers['content-length'];
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (!chunked && (declared === undefined || declared === '0')) return undefined;
  const unlimited = limitBytes <= 0;
  if (!unlimited && declared !== undefined && Number(declared) > limitBytes) return 'too-large';

  // Listeners rather than `for await`: leaving an async iterator early destroys the socket, and the
  // client must still receive the 413.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (!unlimited && received > limitBytes) {
        req.off('data', onData).off('end', onEnd).off('error', onError).pause();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    const onError = (error: Error): void => reject(error);
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
