import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express } from 'express';
import helmet from 'helmet';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { FrontendConfig } from './config.js';
import { contentSecurityPolicyDirectives } from './content-security-policy.js';
import { createFrontendMetrics } from './metrics.js';
import { resolvePublicDir, spaFallback, staticFiles } from './static-files.js';

export interface FrontendServer {
  readonly app: Express;
  /** Starts listening on config.host:config.port; resolves with the URL actually bound. */
  listen(): Promise<{ url: string; port: number }>;
  /** From now on /readyz answers 503 `draining`; everything else is still served. */
  startDraining(): void;
  /** Stops accepting connections and resolves once in-flight requests have finished. Idempotent. */
  close(): Promise<void>;
}

export interface FrontendServerOptions {
  logger?: Logger;
  /** Overrides where the static files live (tests); by default found next to the server code. */
  publicDir?: string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

export function createFrontendServer(
  config: FrontendConfig,
  options: FrontendServerOptions = {},
): FrontendServer {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const publicDir = options.publicDir ?? resolvePublicDir();
  let draining = false;
  let server: Server | undefined;
  let closing: Promise<void> | undefined;

  const metrics = createFrontendMetrics(() => !draining);
  const app = express();
  app.disable('x-powered-by');
  app.use(metrics.observe);
  app.set('trust proxy', 'loopback');

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Probes hit these every few seconds; logging them would bury the requests that matter.
      autoLogging: { ignore: (req) => ['/healthz', '/readyz', '/metrics'].includes(req.url ?? '') },
      // One short line per request: who asked for what, and the outcome; headers are noise here.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: contentSecurityPolicyDirectives(config.apiBaseUrl),
      },
      // Product images may come from the API's origin when it is a different one.
      crossOriginResourcePolicy: { policy: 'same-site' },
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    }),
  );

  app.use((_req, res, next) => {
    // While draining, ask keep-alive clients to reconnect (to another pod) after this response.
    if (draining) res.setHeader('Connection', 'close');
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (draining) {
      res.status(503).json({ status: 'not_ready', reason: 'draining' });
      return;
    }
    if (
      config.readyChecksBackend &&
      config.backendHealthUrl &&
      !(await backendAnswers(config.backendHealthUrl))
    ) {
      res.status(503).json({ status: 'not_ready', reason: 'backend_unreachable' });
      return;
    }
    res.json({ status: 'ready' });
  });

  app.get('/metrics', metrics.serve);

  app.get('/config.json', (_req, res) => {
    // Runtime config, not a build constant: the same image points at whatever API its env names.
    res.setHeader('Cache-Control', 'no-store');
    res.json({ apiBaseUrl: config.apiBaseUrl });
  });

  // Without an ingress in front, /api reaches this server by mistake; say so instead of serving HTML.
  app.use('/api', (req, res) => {
    res.status(404).json({
      error: {
        code: 'not_found',
        message: `${req.method} ${req.originalUrl} is an API path, but this is the storefront server. Route /api to the backend, or set API_BASE_URL to the backend's URL.`,
      },
    });
  });

  app.use(staticFiles(publicDir));
  app.use(spaFallback(publicDir));

  app.use((req, res) => {
    res.status(404).type('text/plain').send(`Not found: ${req.path}`);
  });

  const onError: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    const status = (err as { status?: unknown }).status;
    const code = typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
    if (code >= 500) req.log.error({ err }, 'request failed');
    if (res.headersSent) {
      res.end();
      return;
    }
    res
      .status(code)
      .type('text/plain')
      .send(code === 404 ? `Not found: ${req.path}` : 'Something went wrong.');
  };
  app.use(onError);

  return {
    app,
    listen() {
      return new Promise((resolve, reject) => {
        const s = app.listen(config.port, config.host);
        s.once('error', reject);
        s.once('listening', () => {
          server = s;
          const { port } = s.address() as AddressInfo;
          const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
          resolve({ url: `http://${hostForUrl}:${port}`, port });
        });
      });
    },
    startDraining() {
      draining = true;
    },
    close() {
      draining = true;
      closing ??= new Promise<void>((resolve, reject) => {
        if (!server) {
          resolve();
          return;
        }
        const s = server;
        s.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets with no request in progress would otherwise hold close() open.
        s.closeIdleConnections();
      });
      return closing;
    },
  };
}

async function backendAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
