import { createApiClient } from './api.js';
import { createCartCount } from './cart-count.js';
import { createCheckoutAttempts } from './checkout-attempt.js';
import { createSession } from './session.js';

/**
 * Everything a view needs, in one object: the API client, the session, the cart count, the
 * checkout attempts, navigation, and a polite screen-reader announcer.
 * @param {{ apiBaseUrl: string, announcer: HTMLElement }} options
 */
export function createShop({ apiBaseUrl, announcer }) {
  const session = createSession();
  /** @type {(url: string, options?: { replace?: boolean }) => void} */
  let navigateTo = () => {};

  const api = createApiClient({
    baseUrl: apiBaseUrl,
    getToken: session.token,
    // The token expired or was revoked: sign out and ask to sign in again, then come back here.
    onUnauthorized() {
      session.signOut();
      navigateTo(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
    },
  });
  const apiOrigin = new URL(apiBaseUrl, location.href).origin;

  return {
    api,
    session,
    cart: createCartCount(api),
    checkoutAttempts: createCheckoutAttempts(),
    /** Origins product images may come from (the CSP allows these). */
    imageOrigins: apiOrigin === location.origin ? [] : [apiOrigin],
    /** @param {string} url @param {{ replace?: boolean }} [options] */
    navigate: (url, options) => navigateTo(url, options),
    /** @param {(url: string, options?: { replace?: boolean }) => void} fn */
    setNavigate(fn) {
      navigateTo = fn;
    },
    /** @param {string} text */
    announce(text) {
      // Clearing first makes a repeated message ("Added …") be read again.
      announcer.textContent = '';
      setTimeout(() => {
        announcer.textContent = text;
      }, 50);
    },
  };
}

/** @typedef {ReturnType<typeof createShop>} Shop */
