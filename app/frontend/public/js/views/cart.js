import { h, replaceChildren } from '../dom.js';
import { formatTaka, plural } from '../format.js';
import { errorMessage, notice } from '../ui.js';

/**
 * The cart: change a line's quantity (saved when the field changes), remove a line, go to checkout.
 * Every change re-renders from the Cart the API returns, so totals are always the server's.
 */

/** @param {import('../shop.js').Shop} shop */
export function cartView(shop) {
  /** @param {import('../router.js').RouteContext} ctx */
  return async ({ signal }) => {
    const cart = await shop.api.getCart(signal);
    shop.cart.update(cart);
    const heading = h('h1', null, 'Your cart');
    const feedback = h('div', { class: 'cart__feedback' });
    const body = h('div');

    /** @param {any} current */
    function draw(current) {
      replaceChildren(body, current.items.length === 0 ? emptyCart() : cartTable(current));
    }

    /** @param {() => Promise<any>} change @param {string} done */
    async function apply(change, done) {
      body.setAttribute('aria-busy', 'true');
      try {
        const updated = await change();
        shop.cart.update(updated);
        replaceChildren(feedback);
        draw(updated);
        shop.announce(done);
      } catch (error) {
        replaceChildren(feedback, notice('error', errorMessage(error)));
        // Redraw from the server's view so the fields show what is really in the cart.
        draw(await shop.api.getCart().catch(() => cart));
      } finally {
        body.removeAttribute('aria-busy');
      }
    }

    /** @param {any} current */
    function cartTable(current) {
      return [
        h(
          'table',
          { class: 'lines' },
          h('caption', { class: 'visually-hidden' }, 'Products in your cart'),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, 'Product'),
              h('th', { scope: 'col', class: 'num' }, 'Price'),
              h('th', { scope: 'col' }, 'Quantity'),
              h('th', { scope: 'col', class: 'num' }, 'Subtotal'),
              h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
            ),
          ),
          h(
            'tbody',
            null,
            current.items.map((line) => lineRow(line)),
          ),
          h(
            'tfoot',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'row', colspan: 3 }, 'Total'),
              h('td', { class: 'num total' }, formatTaka(current.total)),
              h('td'),
            ),
          ),
        ),
        h(
          'p',
          { class: 'actions actions--end' },
          h('a', { class: 'btn btn--secondary', href: '/' }, 'Keep shopping'),
          h('a', { class: 'btn', href: '/checkout' }, 'Go to checkout'),
        ),
      ];
    }

    /** @param {{ productId: number, name: string, price: number, quantity: number, lineTotal: number }} line */
    function lineRow(line) {
      const quantityId = `cart-quantity-${line.productId}`;
      const quantity = /** @type {HTMLInputElement} */ (
        h('input', {
          id: quantityId,
          type: 'number',
          min: 1,
          value: String(line.quantity),
          inputmode: 'numeric',
          class: 'quantity',
        })
      );
      quantity.addEventListener('change', () => {
        const wanted = Number(quantity.value);
        if (!Number.isInteger(wanted) || wanted < 1) {
          replaceChildren(
            feedback,
            notice('error', `Enter a whole number of 1 or more for ${line.name}, or remove it.`),
          );
          quantity.value = String(line.quantity);
          return;
        }
        void apply(
          () => shop.api.setCartQuantity(line.productId, wanted),
          `${line.name}: quantity ${wanted}`,
        );
      });
      return h(
        'tr',
        null,
        h('th', { scope: 'row' }, h('a', { href: `/products/${line.productId}` }, line.name)),
        h('td', { class: 'num' }, formatTaka(line.price)),
        h(
          'td',
          null,
          h('label', { for: quantityId, class: 'visually-hidden' }, `Quantity of ${line.name}`),
          quantity,
        ),
        h('td', { class: 'num' }, formatTaka(line.lineTotal)),
        h(
          'td',
          null,
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn--link',
              onclick: () =>
                void apply(
                  () => shop.api.removeFromCart(line.productId),
                  `Removed ${line.name} from your cart`,
                ).then(() => heading.focus()),
            },
            'Remove',
            h('span', { class: 'visually-hidden' }, ` ${line.name}`),
          ),
        ),
      );
    }

    heading.setAttribute('tabindex', '-1');
    draw(cart);
    return {
      title: cart.items.length ? `Cart (${plural(cartUnits(cart), 'item', 'items')})` : 'Cart',
      node: h('section', { class: 'cart' }, heading, feedback, body),
    };
  };
}

function emptyCart() {
  return h(
    'div',
    { class: 'panel' },
    h('p', null, 'Your cart is empty.'),
    h('p', null, h('a', { class: 'btn', href: '/' }, 'Browse the shop')),
  );
}

/** @param {{ items: { quantity: number }[] }} cart */
export function cartUnits(cart) {
  return cart.items.reduce((sum, line) => sum + line.quantity, 0);
}
