import { randomBytes } from 'node:crypto';
import type { Shoppers } from './journeys/journey-types.js';

export interface PrepareShoppersOptions {
  /** The ingress origin on loopback; the API is under `/api`. */
  baseUrl: string;
  /** Shoppers to register (default 20). */
  count?: number;
  seed: number;
  /** Registrations in flight at once (default 4): each costs the backend an argon2 hash. */
  concurrency?: number;
}

const password = 'lab-shopper-password';
const productsPageLimit = 100;

/**
 * Registers `count` shoppers through the shop's API and lists the catalogue, everything a load run
 * needs before it starts. Usernames carry the seed (so a report's orders can be traced to a run) and
 * a random part (so a second run against the same database does not collide with the first).
 */
export async function prepareShoppers(options: PrepareShoppersOptions): Promise<Shoppers> {
  const api = `${new URL(options.baseUrl).origin}/api`;
  const count = options.count ?? 20;
  if (!(Number.isInteger(count) && count >= 0))
    throw new Error(`prepareShoppers: count must be an integer >= 0, got ${count}`);
  const nonce = randomBytes(3).toString('hex');
  const usernames = Array.from({ length: count }, (_, i) => `lab-${options.seed >>> 0}-${nonce}-${i}`);

  const users: Shoppers['users'] = new Array(count);
  let nextIndex = 0;
  const registerSome = async (): Promise<void> => {
    while (nextIndex < count) {
      const index = nextIndex++;
      const username = usernames[index]!;
      const body = await postJson<{ token?: unknown }>(`${api}/auth/register`, { username, password }, 201);
      if (typeof body.token !== 'string') {
        throw new Error(`POST ${api}/auth/register answered 201 without a token for ${username}`);
      }
      users[index] = { username, token: body.token };
    }
  };
  const workers = Array.from({ length: Math.min(count, options.concurrency ?? 4) }, registerSome);
  await Promise.all(workers);

  return { users, products: await listProducts(api) };
}

async function listProducts(api: string): Promise<Shoppers['products']> {
  const products: Shoppers['products'] = [];
  for (let offset = 0; ; offset += productsPageLimit) {
    const url = `${api}/products?limit=${productsPageLimit}&offset=${offset}`;
    const page = await getJson<{
      items?: { id: number; price: number; stock: number; name: string }[];
      total?: number;
    }>(url);
    if (!Array.isArray(page.items)) throw new Error(`GET ${url} answered without an items list`);
    for (const { id, price, stock, name } of page.items) products.push({ id, price, stock, name });
    if (page.items.length < productsPageLimit || products.length >= (page.total ?? 0)) break;
  }
  if (products.length === 0)
    throw new Error(`GET ${api}/products listed no products: is the catalogue seeded (SEED_ON_START)?`);
  return products;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, {
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(10_000),
  });
  return readJson<T>(response, `GET ${url}`, 200);
}

async function postJson<T>(url: string, body: unknown, expected: number): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return readJson<T>(response, `POST ${url}`, expected);
}

async function readJson<T>(response: Response, what: string, expected: number): Promise<T> {
  const text = await response.text();
  if (response.status !== expected) {
    throw new Error(`${what} answered ${response.status} (expected ${expected}): ${text.slice(0, 300)}`);
  }
  return JSON.parse(text) as T;
}
