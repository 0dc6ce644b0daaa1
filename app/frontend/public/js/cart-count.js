/**
 * How many units are in the signed-in shopper's cart, for the header badge. Views that receive a
 * Cart from the API pass it to update(); refresh() asks the API (after sign-in, on start).
 * @param {import('./api.js').Api} api
 */
export function createCartCount(api) {
  let count = 0;
  /** @type {Set<(count: number) => void>} */
  const listeners = new Set();
  const set = (value) => {
    if (value === count) return;
    count = value;
    listeners.forEach((listener) => listener(count));
  };

  return {
    get: () => count,
    /** @param {{ items: { quantity: number }[] }} cart */
    update(cart) {
      set(cart.items.reduce((sum, line) => sum + line.quantity, 0));
    },
    clear() {
      set(0);
    },
    async refresh() {
      try {
        const cart = await api.getCart();
        this.update(cart);
      } catch {
        // The badge is a convenience; the cart page shows the real error if the API is down.
      }
    },
    /** @param {(count: number) => void} listener */
    onChange(listener) {
      listeners.add(listener);
    },
  };
}
