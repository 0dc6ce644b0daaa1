import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { PostgresRateLimitStore } from './postgres-rate-limit-store.js';

type LimiterConfig = Pick<
  Config,
  'rateLimitWindowMs' | 'rateLimitMax' | 'loginRateLimitWindowMs' | 'loginRateLimitMax'
>;

export interface RateLimiters {
  global: RequestHandler;
  login: RequestHandler;
  /** Stops the stores' sweep timers. */
  shutdown(): void;
}

/** 429 in the API's error shape; express-rate-limit has already set the RateLimit, RateLimit-Policy and Retry-After headers. */
function rateLimited(message: string) {
  return (_req: Request, res: Response) => {
    res.status(429).json({ error: { code: 'rate_limited', message } });
  };
}

function common(logger: Logger): Partial<Options> {
  return {
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Fail open: when the database cannot count, serving the request beats refusing everyone; the
    // login route needs the database anyway, so a brute force gains nothing during an outage.
    passOnStoreError: true,
    logger: {
      error: (err, msg) => logger.warn({ err: { message: (err as Error)?.message } }, msg ?? 'rate limiter'),
      warn: (err, msg) => logger.warn({ err: { message: (err as Error)?.message } }, msg ?? 'rate limiter'),
    },
  };
}

export function createRateLimiters(config: LimiterConfig, db: Database, logger: Logger): RateLimiters {
  const globalStore = new PostgresRateLimitStore(db, 'global:');
  const loginStore = new PostgresRateLimitStore(db, 'login:');

  const global = rateLimit({
    ...common(logger),
    windowMs: config.rateLimitWindowMs,
    limit: config.rateLimitMax,
    identifier: 'global',
    store: globalStore,
    handler: rateLimited(
      'Too many requests from your address; slow down and retry after the RateLimit reset.',
    ),
  });

  const login = rateLimit({
    ...common(logger),
    windowMs: config.loginRateLimitWindowMs,
    limit: config.loginRateLimitMax,
    identifier: 'login',
    store: loginStore,
    // Only failed attempts count: a user who signs in successfully is never locked out by it.
    skipSuccessfulRequests: true,
    // Per address AND username: guessing one account's password is slowed without letting one
    // attacker lock every user out, and users behind one NAT do not block each other.
    keyGenerator: (req) => {
      const body = req.body as { username?: unknown } | undefined;
      const username = typeof body?.username === 'string' ? body.username.trim().toLowerCase() : '';
      return `${ipKeyGenerator(req.ip ?? '')}:${username}`;
    },
    handler: rateLimited(
      'Too many failed sign-in attempts for this account from your address; try again later.',
    ),
  });

  return {
    global,
    login,
    shutdown() {
      globalStore.shutdown();
      loginStore.shutdown();
    },
  };
}
