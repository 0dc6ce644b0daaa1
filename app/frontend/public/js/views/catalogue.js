import { h, uniqueId } from '../dom.js';
import { categoryLabel, formatTaka, plural } from '../format.js';
import { notice, productImage, stockLabel } from '../ui.js';

/**
 * The catalogue: search box, category filter and pages of products. The filters live in the URL
 * (`/?search=dal&category=Groceries&page=2`), so results can be bookmarked, shared, and reached
 * again with the back button.
 */
const PAGE_SIZE = 12;

/** @param {import('../shop.js').Shop} shop */
export function catalogueView(shop) {
  /** @param {import('../router.js').RouteContext} ctx */
  return async ({ query, signal }) => {
    const search = (query.get('search') ?? '').trim();
    const category = query.get('category') ?? '';
    const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);

    const [result, categories] = await Promise.all([
      shop.api.listProducts({ search, category, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
      shop.api.listCategories(signal),
    ]);
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const filtered = search !== '' || category !== '';

    const title = category ? categoryLabel(category) : search ? `Search: ${search}` : 'Shop';
    return {
      title,
      node: h(
        'section',
        { class: 'catalogue' },
        h('h1', null, filtered ? title : 'Shop everything'),
        filters(shop, search, category, categories.items),
        h(
          'p',
          { class: 'result-count', role: 'status' },
          result.total === 0
            ? 'No products match.'
            : `${plural(result.total, 'product', 'products')}${pages > 1 ? ` · page ${page} of ${pages}` : ''}`,
        ),
        result.items.length === 0
          ? notice(
              'info',
              'Nothing found. ',
              filtered ? h('a', { href: '/' }, 'Clear the search and show everything') : null,
            )
          : h(
              'ul',
              { class: 'product-grid' },
              result.items.map((product) => h('li', null, productCard(shop, product))),
            ),
        pagination(search, category, page, pages),
      ),
    };
  };
}

/**
 * @param {import('../shop.js').Shop} shop
 * @param {string} search
 * @param {string} category
 * @param {{ name: string, count: number }[]} categories
 */
function filters(shop, search, category, categories) {
  const searchId = uniqueId('search');
  const categoryId = uniqueId('category');
  const searchInput = h('input', {
    id: searchId,
    name: 'search',
    type: 'search',
    value: search,
    placeholder: 'e.g. rice, tea, saree',
  });
  const categorySelect = h(
    'select',
    { id: categoryId, name: 'category', value: category },
    h('option', { value: '' }, 'All categories'),
    categories.map((c) => h('option', { value: c.name }, `${categoryLabel(c.name)} (${c.count})`)),
  );
  const submit = (/** @type {Event} */ event) => {
    event.preventDefault();
    shop.navigate(
      catalogueUrl(
        /** @type {HTMLInputElement} */ (searchInput).value.trim(),
        /** @type {HTMLSelectElement} */ (categorySelect).value,
        1,
      ),
    );
  };
  // Choosing a category applies it at once; typing a search waits for Enter or the button.
  categorySelect.addEventListener('change', submit);
  return h(
    'form',
    { class: 'filters', role: 'search', onsubmit: submit },
    h('div', { class: 'field' }, h('label', { for: searchId }, 'Search products'), searchInput),
    h('div', { class: 'field' }, h('label', { for: categoryId }, 'Category'), categorySelect),
    h('button', { type: 'submit', class: 'btn' }, 'Search'),
  );
}

/** @param {import('../shop.js').Shop} shop @param {any} product */
function productCard(shop, product) {
  return h(
    'article',
    { class: 'product-card' },
    productImage(product, shop.imageOrigins, 'card'),
    h(
      'div',
      { class: 'product-card__body' },
      h('p', { class: 'product-card__category' }, categoryLabel(product.category)),
      h('h2', { class: 'product-card__name' }, h('a', { href: `/products/${product.id}` }, product.name)),
      h('p', { class: 'product-card__price' }, formatTaka(product.price)),
      stockLabel(product.stock),
    ),
  );
}

/** @param {string} search @param {string} category @param {number} page @param {number} pages */
function pagination(search, category, page, pages) {
  if (pages <= 1) return null;
  const link = (target, label, rel) =>
    target < 1 || target > pages
      ? h('span', { class: 'btn btn--secondary', 'aria-disabled': 'true' }, label)
      : h('a', { class: 'btn btn--secondary', href: catalogueUrl(search, category, target), rel }, label);
  return h(
    'nav',
    { class: 'pagination', 'aria-label': 'Pages' },
    link(page - 1, 'Previous page', 'prev'),
    h('span', { class: 'pagination__where' }, `Page ${page} of ${pages}`),
    link(page + 1, 'Next page', 'next'),
  );
}

/** @param {string} search @param {string} category @param {number} page */
function catalogueUrl(search, category, page) {
  const params = new URLSearchParams();
  if (search) params.set('search', search);
  if (category) params.set('category', category);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `/?${text}` : '/';
}
