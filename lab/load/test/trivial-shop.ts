import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Shoppers } from '../journeys/journey-types.js';

/**
 * A stand-in for the shop's API in the load generator's tests and benchmark: it answers every route
 * the journeys use with small valid bodies, and can be told to misbehave per request (5xx, reset the
 * connection, answer too late). On 127.0.0.1 and a free port; it records each request's method and path.
 */
export type Misbehaviour = 'none' | 'http_500' | 'reset' | 'hang';

export interface TrivialShop {
  readonly origin: string;
  /** `METHOD path` of every request, in arrival order. */
  readonly requests: string[];
  misbehave(mode: Misbehaviour): void;
  close(): Promise<void>;
}

export const trivialShoppers: Shoppers = {
  users: [
    { username: 'asha', token: 'token-asha' },
    { username: 'rahim', token: 'token-rahim' },
  ],
  products: Array.from({ length: 45 }, (_, i) => ({
    id: i + 1,
    price: 100 + i,
    stock: 50,
    name: ['Miniket Rice 5 kg', 'Tangail Cotton Saree', 'Walton Ceiling Fan'][i % 3]!,
  })),
};

export async function startTrivialShop(options: { record?: boolean } = {}): Promise<TrivialShop> {
  let mode: Misbehaviour = 'none';
  let orderId = 0;
  const requests: string[] = [];
  const hanging = new Set<ServerResponse>();
  const reply = (response: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  };
  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    if (options.record !== false) requests.push(`${request.method} ${request.url}`);
    if (mode === 'reset') {
      request.socket.resetAndDestroy();
      return;
    }
    if (mode === 'hang') {
      hanging.add(response);
      return;
    }
    if (mode === 'http_500') return reply(response, 500, { error: { code: 'internal', message: 'test' } });
    const path = (request.url ?? '').split('?')[0]!;
    if (request.method === 'POST' && path === '/api/orders') {
      orderId += 1;
      return reply(response, 201, { id: orderId, status: 'placed', items: [], total: 0, currency: 'BDT' });
    }
    if (request.method === 'POST' && path === '/api/cart/items')
      return reply(response, 200, { items: [], total: 0 });
    if (path === '/api/orders') return reply(response, 200, { items: [] });
    if (/^\/api\/products\/\d+$/.test(path))
      return reply(response, 200, { id: Number(path.split('/').pop()) });
    if (path === '/api/products') return reply(response, 200, { items: [], total: 45, limit: 20, offset: 0 });
    return reply(response, 404, { error: { code: 'not_found', message: path } });
  };
  const server = createServer((request, response) => {
    // Bodies are read before answering, as Express does.
    request.resume();
    request.on('end', () => handle(request, response));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    misbehave: (next) => {
      mode = next;
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
