import { Router, type RequestHandler } from 'express';
import { body } from 'express-validator';
import type { AppDeps } from '../app-deps.js';
import { conflict, HttpError } from '../http/errors.js';
import { validate } from '../http/validate.js';
import { PASSWORD_RULE, USERNAME_RULE } from './credential-rules.js';
import { verifyPassword } from './passwords.js';
import { signToken } from './tokens.js';
import { createUser, findUserByUsername, UsernameTakenError } from './users.js';

const credentials = [
  body('username')
    .isString()
    .withMessage('username is required')
    .bail()
    .trim()
    .custom((v: string) => USERNAME_RULE.test(v))
    .withMessage(`username must be ${USERNAME_RULE.description}`),
  body('password')
    .isString()
    .withMessage('password is required')
    .bail()
    .custom((v: string) => PASSWORD_RULE.test(v))
    .withMessage(`password must be ${PASSWORD_RULE.description}`),
];

// One message for unknown user and wrong password, so the response does not reveal which usernames exist.
const invalidCredentials = () => new HttpError(401, 'invalid_credentials', 'Wrong username or password.');

/** POST /register and /login (mounted at /api/auth). `loginLimiter` runs before the password check. */
export function createAuthRouter(deps: AppDeps, loginLimiter: RequestHandler): Router {
  const router = Router();
  const { db, config } = deps;

  router.post('/register', validate(...credentials), async (req, res) => {
    const { username, password } = req.body as { username: string; password: string };
    try {
      const user = await createUser(db, username, password);
      res.status(201).json({ token: signToken(user, config.jwtSecret), user });
    } catch (err) {
      if (err instanceof UsernameTakenError) throw conflict('username_taken', err.message);
      throw err;
    }
  });

  router.post(
    '/login',
    loginLimiter,
    validate(
      body('username')
        .isString()
        .withMessage('username is required')
        .trim()
        .notEmpty()
        .withMessage('username is required'),
      body('password')
        .isString()
        .withMessage('password is required')
        .notEmpty()
        .withMessage('password is required'),
    ),
    async (req, res) => {
      const { username, password } = req.body as { username: string; password: string };
      const stored = await findUserByUsername(db, username);
      if (!(await verifyPassword(stored?.passwordHash, password)) || !stored) throw invalidCredentials();
      const user = { id: stored.id, username: stored.username, role: stored.role };
      res.json({ token: signToken(user, config.jwtSecret), user });
    },
  );

  return router;
}
