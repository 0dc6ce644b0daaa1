import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { ProductInput } from '../src/catalog/product.js';

/** A tiny HTTP client for the commerce tests: real requests to a running app, JSON decoded. */

/**
 * Decoded JSON. Deliberately loose: the tests check shapes with expect(), and typing every response
 * of every malformed request would add nothing.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** The decoded JSON body (undefined for an empty body). */
  body: T;
}

export interface CallOptions {
  token?: string;
  /** Sent as JSON with Content-Type: application/json. */
  json?: unknown;
  /** Sent as is (use with `headers` to test malformed bodies). */
  raw?: string;
  headers?: Record<string, string>;
  idempotencyKey?: string;
}

export async function call<T = Json>(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  Object.assign(headers, options.headers);
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.json !== undefined ? JSON.stringify(options.json) : options.raw,
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    throw new Error(`${method} ${path} answered ${res.status} with a non-JSON body: ${text.slice(0, 200)}`);
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

export const newKey = () => `order-${randomUUID()}`;

/** Asserts the API error shape, the status and the code; returns the error for further checks. */
export function expectError(res: ApiResponse, status: number, code: string) {
  expect({ status: res.status, code: (res.body as Json)?.error?.code }).toEqual({ status, code });
  const error = (res.body as Json).error;
  expect(typeof error.message).toBe('string');
  return error as { code: string; message: string; details?: { field: string; message: string }[] };
}

/** The fields named in a 400 validation_failed answer. */
export function invalidFields(res: ApiResponse): string[] {
  const error = expectError(res, 400, 'validation_failed');
  return (error.details ?? []).map((d) => d.field);
}

/** What an admin sends to create a product. */
export type NewProduct = ProductInput;

let skuCounter = 0;

/** A valid product body with a unique SKU; override what the test is about. */
export function productBody(overrides: Partial<NewProduct> = {}): NewProduct {
  skuCounter += 1;
  return {
    sku: `TST-${process.pid}-${skuCounter}-${randomUUID().slice(0, 8).toUpperCase()}`,
    name: `Test product ${skuCounter}`,
    description: 'Made for a test.',
    category: 'test-goods',
    price: 100,
    stock: 10,
    ...overrides,
  };
}

/** Creates a product through the admin API and returns it. */
export async function createProduct(
  baseUrl: string,
  adminToken: string,
  overrides: Partial<NewProduct> = {},
) {
  const res = await call(baseUrl, 'POST', '/api/products', {
    token: adminToken,
    json: productBody(overrides),
  });
  if (res.status !== 201)
    throw new Error(`creating a product answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as NewProduct & { id: number; currency: string };
}
