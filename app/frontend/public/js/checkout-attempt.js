/**
 * One checkout attempt = one Idempotency-Key. The key is made with crypto.randomUUID() when the
 * shopper first presses "Place order" and reused for every repeat of that attempt: a double click,
 * an automatic retry after a dropped connection, or a manual "Try again" after a reload. The API
 * answers a repeat with the order it already made, so none of these can create a second order.
 *
 * The key is tied to the cart it was made for: if the cart changes (or a stale key is over an hour
 * old) a new attempt begins, because reusing the old key would replay the old order instead of
 * ordering the new cart. It lives in sessionStorage so it survives a reload of this tab only.
 */
const STORAGE_KEY = 'dhakacart.checkoutAttempt';
const MAX_AGE_MS = 60 * 60 * 1000;

/**
 * @param {{ items: { productId: number | string, quantity: number }[] }} cart
 * @returns {string} a stable description of what is being ordered
 */
export function cartFingerprint(cart) {
  return cart.items
    .map((line) => `${line.productId}x${line.quantity}`)
    .sort()
    .join(',');
}

/** @param {Storage} [storage] */
export function createCheckoutAttempts(storage = window.sessionStorage) {
  return {
    /**
     * The key for ordering this cart: the pending attempt's key when it was made for the same cart,
     * else a new one.
     * @param {string} fingerprint
     */
    keyFor(fingerprint) {
      const pending = readPending(storage);
      if (pending && pending.fingerprint === fingerprint && Date.now() - pending.createdAt < MAX_AGE_MS) {
        return pending.key;
      }
      const key = newKey();
      storage.setItem(STORAGE_KEY, JSON.stringify({ key, fingerprint, createdAt: Date.now() }));
      return key;
    },
    /** The attempt has a definite outcome (order made, or refused): the next checkout is a new one. */
    finish() {
      storage.removeItem(STORAGE_KEY);
    },
  };
}

/** @param {Storage} storage @returns {{ key: string, fingerprint: string, createdAt: number } | undefined} */
function readPending(storage) {
  try {
    const value = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null');
    return value && typeof value.key === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * crypto.randomUUID() exists only in secure contexts (https, or http on localhost). A shop reached
 * over plain http by a host name (an ingress in a lab cluster) gets the same kind of key from
 * getRandomValues, which every context has.
 */
function newKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
