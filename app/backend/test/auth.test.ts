import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../src/auth/tokens.js';
import { signUp, startTestApp, type TestApp } from './support/test-app.js';

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

describe('auth', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: false });
  });
  afterAll(() => app?.close());

  describe('POST /api/auth/register', () => {
    it('creates a customer and returns a 24 h token carrying id, username and role', async () => {
      const res = await fetch(
        `${app.baseUrl}/api/auth/register`,
        json({ username: 'Rahim', password: 'correct horse' }),
      );
      expect(res.status).toBe(201);
      const body = (await res.json()) as {
        token: string;
        user: { id: number; username: string; role: string };
      };
      expect(body.user).toEqual({ id: expect.any(Number), username: 'Rahim', role: 'customer' });
      const claims = jwt.verify(body.token, app.deps.config.jwtSecret) as jwt.JwtPayload;
      expect(claims).toMatchObject({ sub: String(body.user.id), username: 'Rahim', role: 'customer' });
      expect(claims.exp! - claims.iat!).toBe(24 * 60 * 60);
    });

    it('refuses a username that exists in any letter case with 409 username_taken', async () => {
      const res = await fetch(
        `${app.baseUrl}/api/auth/register`,
        json({ username: 'rahim', password: 'another one' }),
      );
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('username_taken');
    });

    it('lists every invalid field at once', async () => {
      const res = await fetch(`${app.baseUrl}/api/auth/register`, json({ username: 'x', password: 'short' }));
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; details: { field: string }[] } };
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details.map((d) => d.field).sort()).toEqual(['password', 'username']);
    });
  });

  describe('POST /api/auth/login', () => {
    it('signs in with the right password, whatever the username case', async () => {
      const res = await fetch(
        `${app.baseUrl}/api/auth/login`,
        json({ username: 'RAHIM', password: 'correct horse' }),
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as { token: string; user: { username: string } };
      expect(body.user.username).toBe('Rahim');
      expect(body.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    });

    it('answers a wrong password and an unknown user with the same 401 invalid_credentials', async () => {
      const wrong = await fetch(
        `${app.baseUrl}/api/auth/login`,
        json({ username: 'Rahim', password: 'wrong pass' }),
      );
      const unknown = await fetch(
        `${app.baseUrl}/api/auth/login`,
        json({ username: 'nobody_here', password: 'x'.repeat(9) }),
      );
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      const [a, b] = (await Promise.all([wrong.json(), unknown.json()])) as { error: unknown }[];
      expect(a).toEqual({ error: { code: 'invalid_credentials', message: 'Wrong username or password.' } });
      expect(b).toEqual(a);
    });
  });

  describe('protected and admin-only routes', () => {
    const newProduct = {
      sku: 'TEST-AUTH-1',
      name: 'Test kettle',
      description: 'Only for the auth test',
      category: 'Kitchen',
      price: 1250.5,
      stock: 3,
    };
    const postProduct = (headers: Record<string, string>) =>
      fetch(`${app.baseUrl}/api/products`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(newProduct),
      });
    const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

    it('answers 401 unauthorized without a token, with a forged one, and with an expired one', async () => {
      const { user } = await signUp(app.baseUrl);
      const forged = signToken(user, 'a-different-secret-that-is-32-chars!!');
      const expired = jwt.sign({ username: user.username, role: 'customer' }, app.deps.config.jwtSecret, {
        subject: String(user.id),
        expiresIn: -10,
      });
      const attempts: Record<string, string>[] = [
        {},
        { Authorization: `Bearer ${forged}` },
        { Authorization: `Bearer ${expired}` },
        { Authorization: 'Bearer not-a-jwt' },
      ];
      for (const headers of attempts) {
        const res = await fetch(`${app.baseUrl}/api/cart/items`, { headers });
        expect(res.status).toBe(401);
        expect(await errorCode(res)).toBe('unauthorized');
      }
    });

    it('lets a valid token through to a signed-in route', async () => {
      const { token } = await signUp(app.baseUrl);
      const res = await fetch(`${app.baseUrl}/api/cart/items`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
    });

    it('refuses a customer on an admin-only route with 403 forbidden and lets an admin through', async () => {
      const customer = await signUp(app.baseUrl);
      const refused = await postProduct({ Authorization: `Bearer ${customer.token}` });
      expect(refused.status).toBe(403);
      expect(await errorCode(refused)).toBe('forbidden');

      const admin = await signUp(app.baseUrl, { role: 'admin' });
      expect(admin.user.role).toBe('admin');
      const created = await postProduct({ Authorization: `Bearer ${admin.token}` });
      expect(created.status).toBe(201);
    });
  });
});
