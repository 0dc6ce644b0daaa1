import jwt from 'jsonwebtoken';
import type { AuthUser } from '../app-deps.js';

export const TOKEN_TTL_SECONDS = 24 * 60 * 60;
export const JWT_ALGORITHM = 'HS256';

/** Claims (COMMON.md): sub = user id (a string, as RFC 7519 requires), username, role; 24 h expiry. */
export function signToken(user: AuthUser, secret: string, ttlSeconds = TOKEN_TTL_SECONDS): string {
  return jwt.sign({ username: user.username, role: user.role }, secret, {
    subject: String(user.id),
    expiresIn: ttlSeconds,
    algorithm: JWT_ALGORITHM,
  });
}
