import { ApiError } from '../api.js';
import { cartFingerprint } from '../checkout-attempt.js';
import { h, replaceChildren } from '../dom.js';
import { formatTaka } from '../format.js';
import { errorMessage, notice } from '../ui.js';

/**
 * Checkout: review the cart and place the order. Placing it sends an Idempotency-Key that belongs to
 * this checkout attempt (see checkout-attempt.js): the button is disabled while the request runs, a
 * dropped connection or a 5xx is retried automatically with the same key, and "Try again" reuses it
 * too, so however often the request is repeated the shop makes one order.
 */
const RETRY_DELAYS_MS = [500, 1000, 2000];

/** @param {import('../shop.js').Shop} shop */
export function checkoutView(shop) {
  /** @param {import('../router.js').RouteContext} ctx */
  return async ({ signal }) => {
    const cart = await shop.api.getCart(signal);
    shop.cart.update(cart);
    if (cart.items.length === 0) {
      return {
        title: 'Checkout',
        node: h(
          'section',
          { class: 'panel' },
          h('h1', null, 'Checkout'),
          h('p', null, 'Your cart is empty, so there is nothing to check out.'),
          h('p', null, h('a', { class: 'btn', href: '/' }, 'Browse the shop')),
        ),
      };
    }

    const feedback = h('div', { class: 'checkout__feedback' });
    const button = /** @type {HTMLButtonElement} */ (
      h('button', { type: 'button', class: 'btn btn--large' }, `Place order · ${formatTaka(cart.total)}`)
    );
    let inFlight = false;

    async function placeOrder() {
      if (inFlight) return; // a second click while the first is running is the same attempt
      inFlight = true;
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
      replaceChildren(feedback, notice('info', 'Placing your order…'));
      const key = shop.checkoutAttempts.keyFor(cartFingerprint(cart));
      try {
        const order = await withRetries(
          () => shop.api.placeOrder(key),
          (attempt) =>
            replaceChildren(
              feedback,
              notice(
                'info',
                `The connection dropped; trying again (${attempt} of ${RETRY_DELAYS_MS.length})…`,
              ),
            ),
        );
        shop.checkoutAttempts.finish();
        shop.cart.update({ items: [], total: 0, currency: 'BDT' });
        shop.announce('Order placed');
        shop.navigate(`/orders/${encodeURIComponent(order.id)}?placed=1`, { replace: true });
      } catch (error) {
        // A refusal (out of stock, empty cart) ends the attempt; an unknown outcome keeps the key so
        // "Try again" cannot order twice if the first request did get through.
        if (!(error instanceof ApiError) || !error.retryable) shop.checkoutAttempts.finish();
        replaceChildren(feedback, failure(error));
        feedback.querySelector('[role="alert"]')?.setAttribute('tabindex', '-1');
        /** @type {HTMLElement | null} */ (feedback.querySelector('[role="alert"]'))?.focus();
      } finally {
        inFlight = false;
        button.disabled = false;
        button.removeAttribute('aria-busy');
      }
    }
    button.addEventListener('click', () => void placeOrder());

    return {
      title: 'Checkout',
      node: h(
        'section',
        { class: 'checkout' },
        h('h1', null, 'Checkout'),
        h(
          'ul',
          { class: 'summary' },
          cart.items.map((line) =>
            h(
              'li',
              { class: 'summary__line' },
              h('span', null, `${line.quantity} × ${line.name}`),
              h('span', { class: 'num' }, formatTaka(line.lineTotal)),
            ),
          ),
          h(
            'li',
            { class: 'summary__line summary__total' },
            h('span', null, 'Total'),
            h('span', { class: 'num' }, formatTaka(cart.total)),
          ),
        ),
        h(
          'p',
          { class: 'checkout__note' },
          'Cash on delivery. You can review the order in your order history.',
        ),
        feedback,
        h(
          'p',
          { class: 'actions actions--end' },
          h('a', { class: 'btn btn--secondary', href: '/cart' }, 'Edit cart'),
          button,
        ),
      ),
    };
  };
}

/**
 * Runs `send`, repeating it after a short pause while the failure says the outcome is unknown or
 * temporary. Safe only because every repeat carries the same Idempotency-Key.
 * @template T
 * @param {() => Promise<T>} send
 * @param {(attempt: number) => void} onRetry
 * @returns {Promise<T>}
 */
async function withRetries(send, onRetry) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (!(error instanceof ApiError) || !error.retryable || error.status === 429 || delay === undefined)
        throw error;
      onRetry(attempt + 1);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** @param {unknown} error */
function failure(error) {
  if (error instanceof ApiError && error.code === 'insufficient_stock') {
    return notice(
      'error',
      h('strong', null, 'Some items are no longer available in the quantity you chose. '),
      error.message,
      error.details.length
        ? h(
            'ul',
            null,
            error.details.map((d) => h('li', null, d.message)),
          )
        : null,
      h(
        'p',
        null,
        'Nothing was charged and no order was made. ',
        h('a', { href: '/cart' }, 'Review your cart'),
        ' and try again.',
      ),
    );
  }
  if (error instanceof ApiError && error.retryable) {
    return notice(
      'error',
      errorMessage(error),
      h('p', null, 'If your order went through, pressing the button again will not order twice.'),
    );
  }
  return notice('error', errorMessage(error));
}
