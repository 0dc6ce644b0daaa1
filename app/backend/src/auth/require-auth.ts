import type { RequestHandler } from 'express';
import passport from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import type { AppDeps, AuthUser, Role } from '../app-deps.js';
import { forbidden, unauthorized } from '../http/errors.js';
import { JWT_ALGORITHM } from './tokens.js';

function userFromClaims(payload: unknown): AuthUser | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { sub, username, role } = payload as Record<string, unknown>;
  const id = typeof sub === 'string' && /^\d+$/.test(sub) ? Number(sub) : NaN;
  if (!Number.isSafeInteger(id) || typeof username !== 'string') return undefined;
  if (role !== 'customer' && role !== 'admin') return undefined;
  return { id, username, role };
}

/**
 * Stateless Bearer-JWT auth (no database lookup, so signed-in reads keep working through a database
 * blip). A Passport instance of its own per app: two apps in one process never share strategies.
 */
export function createAuth(jwtSecret: string): AppDeps['auth'] {
  const authenticator = new passport.Passport();
  authenticator.use(
    'jwt',
    new JwtStrategy(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        secretOrKey: jwtSecret,
        algorithms: [JWT_ALGORITHM],
      },
      (payload: unknown, done: (err: unknown, user?: AuthUser | false) => void) => {
        done(null, userFromClaims(payload) ?? false);
      },
    ),
  );

  const requireAuth: RequestHandler = (req, res, next) => {
    const handler = authenticator.authenticate(
      'jwt',
      { session: false },
      (err: unknown, user?: AuthUser | false) => {
        if (err) return next(err);
        if (!user) return next(unauthorized());
        req.user = user;
        next();
      },
    ) as RequestHandler;
    handler(req, res, next);
  };

  const requireRole =
    (role: Role): RequestHandler =>
    (req, _res, next) => {
      if (!req.user) return next(unauthorized());
      if (req.user.role !== role) return next(forbidden(`This needs the ${role} role.`));
      next();
    };

  return { requireAuth, requireRole };
}
