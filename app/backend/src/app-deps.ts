import type { RequestHandler } from 'express';
import type { Counter } from 'prom-client';
import type { Config } from './config.js';
import type { Database } from './db/database.js';

/** Roles a user can hold; admins manage the catalogue. */
export type Role = 'customer' | 'admin';

/** Who made the request, set on `req.user` by `auth.requireAuth`. */
export interface AuthUser {
  id: number;
  username: string;
  role: Role;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by auth.requireAuth on signed-in requests. */
    user?: AuthUser;
  }
}

/** What every router factory receives: `createXRouter(deps: AppDeps): Router`. */
export interface AppDeps {
  config: Config;
  db: Database;
  metrics: { ordersCreated: Counter<'outcome'> };
  auth: {
    /** 401 `unauthorized` unless a valid Bearer JWT is sent; sets req.user. */
    requireAuth: RequestHandler;
    /** Use after requireAuth: 403 `forbidden` unless req.user.role is `role`. */
    requireRole(role: Role): RequestHandler;
  };
}
