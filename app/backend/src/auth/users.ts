import type { AuthUser, Role } from '../app-deps.js';
import type { Database } from '../db/database.js';
import { hashPassword } from './passwords.js';

export interface StoredUser extends AuthUser {
  passwordHash: string;
}

const UNIQUE_VIOLATION = '23505';

export class UsernameTakenError extends Error {
  constructor(username: string) {
    super(`The username "${username}" is taken.`);
    this.name = 'UsernameTakenError';
  }
}

/** Inserts a user; throws UsernameTakenError when the name exists in any letter case. */
export async function createUser(db: Database, username: string, password: string, role: Role = 'customer') {
  const passwordHash = await hashPassword(password);
  try {
    const { rows } = await db.query<AuthUser>(
      `INSERT INTO users (username, password_hash, role) VALUES ($1, $2, $3) RETURNING id, username, role`,
      [username, passwordHash, role],
    );
    return rows[0]!;
  } catch (err) {
    if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw new UsernameTakenError(username);
    throw err;
  }
}

export async function findUserByUsername(db: Database, username: string): Promise<StoredUser | undefined> {
  const { rows } = await db.read<StoredUser>(
    `SELECT id, username, role, password_hash AS "passwordHash" FROM users WHERE lower(username) = lower($1)`,
    [username],
  );
  return rows[0];
}

/**
 * Makes sure ADMIN_USERNAME exists, is an admin and has ADMIN_PASSWORD. Every replica runs it at
 * start; the upsert makes concurrent runs converge instead of failing on the unique index.
 */
export async function ensureAdminUser(db: Database, username: string, password: string): Promise<AuthUser> {
  const passwordHash = await hashPassword(password);
  const { rows } = await db.query<AuthUser>(
    `INSERT INTO users (username, password_hash, role) VALUES ($1, $2, 'admin')
     ON CONFLICT ((lower(username))) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = 'admin'
     RETURNING id, username, role`,
    [username, passwordHash],
  );
  return rows[0]!;
}
