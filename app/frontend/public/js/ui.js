import { ApiError } from './api.js';
import { h } from './dom.js';

/**
 * Building blocks several views share: notices, the error panel, product images, form fields that
 * show the API's per-field errors.
 */

/**
 * @param {'info' | 'success' | 'error'} kind
 * @param {...unknown} children
 */
export function notice(kind, ...children) {
  return h(
    'div',
    { class: `notice notice--${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    ...children,
  );
}

/** What a shopper should read for an error, whatever threw it. @param {unknown} error */
export function errorMessage(error) {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong in the page. Please reload and try again.';
}

/**
 * A whole-page error with a way to try again (a view failed to load).
 * @param {unknown} error
 * @param {() => void} retry
 */
export function errorPage(error, retry) {
  const notFound = error instanceof ApiError && error.status === 404;
  return {
    title: notFound ? 'Not found' : 'Something went wrong',
    node: h(
      'section',
      { class: 'panel' },
      h('h1', null, notFound ? 'We could not find that' : 'Something went wrong'),
      notice('error', errorMessage(error)),
      h(
        'p',
        { class: 'actions' },
        notFound ? null : h('button', { type: 'button', class: 'btn', onclick: retry }, 'Try again'),
        h('a', { href: '/', class: 'btn btn--secondary' }, 'Back to the shop'),
      ),
    ),
  };
}

/**
 * The product's picture, or a coloured tile with its initial when there is none. Images are only
 * loaded from this origin or the API's: anything else would be blocked by the CSP (img-src) and
 * leave a broken image and a console error, so it gets the tile too.
 * @param {{ name: string, category: string, imageUrl: string | null }} product
 * @param {string[]} allowedImageOrigins
 * @param {'card' | 'large'} size
 */
export function productImage(product, allowedImageOrigins, size) {
  const url = product.imageUrl ? safeUrl(product.imageUrl) : undefined;
  if (url && (url.origin === location.origin || allowedImageOrigins.includes(url.origin))) {
    return h('img', {
      class: `product-image product-image--${size}`,
      src: url.href,
      alt: '',
      loading: 'lazy',
      width: size === 'large' ? 480 : 240,
      height: size === 'large' ? 360 : 180,
    });
  }
  const tone = (hash(product.category) % 6) + 1;
  return h(
    'div',
    {
      class: `product-image product-image--${size} product-image--placeholder tone-${tone}`,
      'aria-hidden': 'true',
    },
    product.name.trim().charAt(0).toUpperCase(),
  );
}

/** @param {string} value */
function safeUrl(value) {
  try {
    const url = new URL(value, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** @param {string} text */
function hash(text) {
  let value = 0;
  for (const ch of text) value = (value * 31 + ch.charCodeAt(0)) >>> 0;
  return value;
}

/** @param {number} stock */
export function stockLabel(stock) {
  if (stock <= 0) return h('span', { class: 'stock stock--out' }, 'Out of stock');
  if (stock <= 5) return h('span', { class: 'stock stock--low' }, `Only ${stock} left`);
  return h('span', { class: 'stock stock--in' }, 'In stock');
}

/**
 * A labelled input with a slot for its error message, wired with aria-describedby/aria-invalid.
 * @param {{ name: string, label: string, type?: string, autocomplete?: string, hint?: string, id: string }} field
 */
export function formField({ name, label, type = 'text', autocomplete, hint, id }) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const input = h('input', {
    id,
    name,
    type,
    autocomplete,
    required: true,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
  });
  const error = h('p', { class: 'field__error', id: errorId, hidden: true });
  const node = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'field__hint', id: hintId }, hint) : null,
    input,
    error,
  );
  return {
    node,
    input: /** @type {HTMLInputElement} */ (input),
    /** @param {string | undefined} message */
    setError(message) {
      error.textContent = message ?? '';
      error.hidden = !message;
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  };
}
