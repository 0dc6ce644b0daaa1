import { webcrypto } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

/** The part of the Web Storage interface the module uses (the tsconfig has no DOM library). */
interface Storage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The browser module under test, loaded as it is served (plain ES module, no build). */
interface CheckoutAttemptModule {
  cartFingerprint(cart: { items: { productId: number; quantity: number }[] }): string;
  createCheckoutAttempts(storage: Storage): { keyFor(fingerprint: string): string; finish(): void };
}
const modulePath = new URL('../public/js/checkout-attempt.js', import.meta.url).href;
let attempts: CheckoutAttemptModule;

/** sessionStorage's behaviour, in memory (Node has no Web Storage). */
function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, String(value)),
    removeItem: (key) => void data.delete(key),
  };
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/; // what the API accepts

describe('checkout attempts (one Idempotency-Key per attempt)', () => {
  beforeAll(async () => {
    attempts = (await import(modulePath)) as CheckoutAttemptModule;
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const cart = {
    items: [
      { productId: 7, quantity: 2 },
      { productId: 3, quantity: 1 },
    ],
  };

  it('reuses the key for every repeat of the same attempt, even from a reloaded page', () => {
    const storage = memoryStorage();
    const first = attempts.createCheckoutAttempts(storage).keyFor(attempts.cartFingerprint(cart));
    expect(first).toMatch(IDEMPOTENCY_KEY);
    expect(attempts.createCheckoutAttempts(storage).keyFor(attempts.cartFingerprint(cart))).toBe(first);
  });

  it('starts a new attempt when the cart changed or the last attempt finished', () => {
    const storage = memoryStorage();
    const checkout = attempts.createCheckoutAttempts(storage);
    const first = checkout.keyFor(attempts.cartFingerprint(cart));
    const changed = checkout.keyFor(attempts.cartFingerprint({ items: [{ productId: 7, quantity: 3 }] }));
    expect(changed).not.toBe(first);
    checkout.finish();
    expect(checkout.keyFor(attempts.cartFingerprint({ items: [{ productId: 7, quantity: 3 }] }))).not.toBe(
      changed,
    );
  });

  it('does not let a forgotten attempt from over an hour ago replay its old order', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const storage = memoryStorage();
    const checkout = attempts.createCheckoutAttempts(storage);
    const first = checkout.keyFor(attempts.cartFingerprint(cart));
    vi.advanceTimersByTime(61 * 60 * 1000);
    expect(checkout.keyFor(attempts.cartFingerprint(cart))).not.toBe(first);
  });

  it('describes a cart by its lines, whatever their order', () => {
    expect(attempts.cartFingerprint(cart)).toBe(
      attempts.cartFingerprint({ items: [...cart.items].reverse() }),
    );
  });

  it('still makes valid v4 UUID keys where crypto.randomUUID is missing (plain http by host name)', () => {
    vi.stubGlobal('crypto', { getRandomValues: (a: Uint8Array) => webcrypto.getRandomValues(a) });
    const checkout = attempts.createCheckoutAttempts(memoryStorage());
    const key = checkout.keyFor('a');
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    checkout.finish();
    expect(checkout.keyFor('a')).not.toBe(key);
  });
});
