/**
 * Toxiproxy v2's HTTP API on node:http, shaped like the real server's gorilla/mux router: the same
 * routes and methods (POST or PATCH to update), `404 page not found` for an unknown path, an empty 405
 * for a known path with another method, 403 for browsers (a User-Agent starting with `Mozilla/`), and
 * the same headers: `X-Toxiproxy-Request-Id`, JSON answers as `application/json`, errors written with
 * Go's `http.Error` (`text/plain; charset=utf-8`, `X-Content-Type-Options: nosniff`, body + newline).
 * node:http rather than express: the router is eight patterns, and exact headers and bodies are the job.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errBadRequestBody, toApiError, type ApiError } from './api-error.js';
import * as routes from './api-routes.js';
import { encodeGoJson, GoJsonError, parseGoJson } from './go-json.js';

type Handler = (
  state: routes.ApiState,
  params: string[],
  body: () => unknown,
) => routes.ApiReply | Promise<routes.ApiReply>;

interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
}

const name = '([^/]+)';
const routeTable: Route[] = [
  { pattern: /^\/reset$/, methods: { POST: (s) => routes.resetState(s) } },
  {
    pattern: /^\/proxies$/,
    methods: { GET: (s) => routes.proxyIndex(s), POST: (s, _p, body) => routes.proxyCreate(s, body) },
  },
  { pattern: /^\/populate$/, methods: { POST: (s, _p, body) => routes.populate(s, body) } },
  {
    pattern: new RegExp(`^/proxies/${name}$`),
    methods: {
      GET: (s, [proxy = '']) => routes.proxyShow(s, proxy),
      POST: (s, [proxy = ''], body) => routes.proxyUpdate(s, proxy, body),
      PATCH: (s, [proxy = ''], body) => routes.proxyUpdate(s, proxy, body),
      DELETE: (s, [proxy = '']) => routes.proxyDelete(s, proxy),
    },
  },
  {
    pattern: new RegExp(`^/proxies/${name}/toxics$`),
    methods: {
      GET: (s, [proxy = '']) => routes.toxicIndex(s, proxy),
      POST: (s, [proxy = ''], body) => routes.toxicCreate(s, proxy, body),
    },
  },
  {
    pattern: new RegExp(`^/proxies/${name}/toxics/${name}$`),
    methods: {
      GET: (s, [proxy = '', toxic = '']) => routes.toxicShow(s, proxy, toxic),
      POST: (s, [proxy = '', toxic = ''], body) => routes.toxicUpdate(s, proxy, toxic, body),
      PATCH: (s, [proxy = '', toxic = ''], body) => routes.toxicUpdate(s, proxy, toxic, body),
      DELETE: (s, [proxy = '', toxic = '']) => routes.toxicDelete(s, proxy, toxic),
    },
  },
];

/** Request bodies larger than this are refused (the API's bodies are a few hundred bytes). */
const maxBodyBytes = 1024 * 1024;

/** An id in the shape of the real server's (xid: 20 characters of base32hex). */
function requestId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  return [...randomBytes(20)].map((b) => alphabet[b % 32]).join('');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw errBadRequestBody.join(`body larger than ${maxBodyBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendError(res: ServerResponse, error: ApiError): void {
  res.writeHead(error.status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(`${encodeGoJson(error)}\n`);
}

export interface ApiHandlerOptions {
  state: routes.ApiState;
  version: string;
}

/** The request listener for `http.createServer`. Requests run one at a time (see api-routes.ts). */
export function createApiHandler({
  state,
  version,
}: ApiHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  let queue: Promise<unknown> = Promise.resolve();
  const serialised = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => {});
    return run;
  };

  return (req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://toxiproxy').pathname);
    } catch {
      path = '';
    }
    const method = req.method ?? 'GET';
    if (path === '/version') {
      if (method !== 'GET') return void res.writeHead(405).end();
      res.setHeader('X-Toxiproxy-Request-Id', requestId());
      res.writeHead(200, { 'Content-Type': 'application/json;charset=utf-8' });
      return void res.end(`{"version": "${version}"}\n`);
    }
    let params: string[] = [];
    const route = routeTable.find((r) => {
      const match = r.pattern.exec(path);
      if (match) params = match.slice(1);
      return match !== null;
    });
    if (!route) {
      res.writeHead(404, {
        'Content-Type': 'text/plain; charset=utf-8',
        'X-Content-Type-Options': 'nosniff',
      });
      return void res.end('404 page not found\n');
    }
    const handler = route.methods[method];
    if (!handler) return void res.writeHead(405).end();
    res.setHeader('X-Toxiproxy-Request-Id', requestId());
    if ((req.headers['user-agent'] ?? '').startsWith('Mozilla/')) {
      res.writeHead(403, {
        'Content-Type': 'text/plain; charset=utf-8',
        'X-Content-Type-Options': 'nosniff',
      });
      return void res.end('User agent not allowed\n');
    }

    void readBody(req)
      .then((text) => {
        const body = (): unknown => {
          try {
            return parseGoJson(text);
          } catch (error) {
            throw error instanceof GoJsonError ? errBadRequestBody.join(error.message) : error;
          }
        };
        return serialised(async () => handler(state, params, body));
      })
      .then(
        (reply) => {
          if (reply.kind === 'empty') return void res.writeHead(204).end();
          res.writeHead(reply.status, { 'Content-Type': 'application/json' });
          res.end(encodeGoJson(reply.body));
        },
        (error: unknown) => sendError(res, toApiError(error)),
      );
  };
}
