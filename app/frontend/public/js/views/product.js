import { h, replaceChildren, uniqueId } from '../dom.js';
import { categoryLabel, formatTaka } from '../format.js';
import { errorMessage, notice, productImage, stockLabel } from '../ui.js';

/** One product: picture, description, price, stock, and "Add to cart" with a quantity. */

/** @param {import('../shop.js').Shop} shop */
export function productView(shop) {
  /** @param {import('../router.js').RouteContext} ctx */
  return async ({ params, signal, path }) => {
    const product = await shop.api.getProduct(params.id, signal);
    return {
      title: product.name,
      node: h(
        'article',
        { class: 'product' },
        h(
          'p',
          { class: 'breadcrumbs' },
          h('a', { href: '/' }, 'Shop'),
          ' › ',
          h(
            'a',
            { href: `/?category=${encodeURIComponent(product.category)}` },
            categoryLabel(product.category),
          ),
        ),
        h(
          'div',
          { class: 'product__layout' },
          productImage(product, shop.imageOrigins, 'large'),
          h(
            'div',
            { class: 'product__info' },
            h('h1', null, product.name),
            h('p', { class: 'product__price' }, formatTaka(product.price)),
            stockLabel(product.stock),
            h('p', { class: 'product__description' }, product.description),
            h('p', { class: 'product__sku' }, `SKU ${product.sku}`),
            buyBox(shop, product, path),
          ),
        ),
      ),
    };
  };
}

/**
 * @param {import('../shop.js').Shop} shop
 * @param {{ id: number, name: string, stock: number }} product
 * @param {string} path
 */
function buyBox(shop, product, path) {
  if (product.stock <= 0) return notice('info', 'This product is sold out for now.');
  if (!shop.session.current()) {
    return h(
      'p',
      { class: 'actions' },
      h('a', { class: 'btn', href: `/login?next=${encodeURIComponent(path)}` }, 'Sign in to buy'),
    );
  }

  const quantityId = uniqueId('quantity');
  const quantity = /** @type {HTMLInputElement} */ (
    h('input', {
      id: quantityId,
      name: 'quantity',
      type: 'number',
      min: 1,
      max: product.stock,
      value: '1',
      inputmode: 'numeric',
    })
  );
  const button = /** @type {HTMLButtonElement} */ (
    h('button', { type: 'submit', class: 'btn' }, 'Add to cart')
  );
  const feedback = h('div', { class: 'buy-box__feedback' });

  /** @param {SubmitEvent} event */
  async function add(event) {
    event.preventDefault();
    const count = Number(quantity.value);
    if (!Number.isInteger(count) || count < 1 || count > product.stock) {
      replaceChildren(feedback, notice('error', `Choose a quantity from 1 to ${product.stock}.`));
      quantity.focus();
      return;
    }
    button.disabled = true;
    try {
      const cart = await shop.api.addToCart(product.id, count);
      shop.cart.update(cart);
      replaceChildren(
        feedback,
        notice(
          'success',
          `Added ${count} × ${product.name} to your cart. `,
          h('a', { href: '/cart' }, 'View cart'),
        ),
      );
      shop.announce(`Added ${count} ${product.name} to your cart`);
    } catch (error) {
      replaceChildren(feedback, notice('error', errorMessage(error)));
    } finally {
      button.disabled = false;
    }
  }

  return h(
    'form',
    { class: 'buy-box', onsubmit: add },
    h('div', { class: 'field field--inline' }, h('label', { for: quantityId }, 'Quantity'), quantity),
    button,
    feedback,
  );
}
