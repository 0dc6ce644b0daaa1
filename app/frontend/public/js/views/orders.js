import { h } from '../dom.js';
import { formatDateTime, formatTaka, plural } from '../format.js';
import { notice } from '../ui.js';

/** Order history (newest first, as the API sends it) and one order's detail. */

/** @param {import('../shop.js').Shop} shop */
export function ordersView(shop) {
  /** @param {import('../router.js').RouteContext} ctx */
  return async ({ signal }) => {
    const { items: orders } = await shop.api.listOrders(signal);
    return {
      title: 'Your orders',
      node: h(
        'section',
        { class: 'orders' },
        h('h1', null, 'Your orders'),
        orders.length === 0
          ? h(
              'div',
              { class: 'panel' },
              h('p', null, 'You have not ordered anything yet.'),
              h('p', null, h('a', { class: 'btn', href: '/' }, 'Start shopping')),
            )
          : h(
              'table',
              { class: 'lines' },
              h('caption', { class: 'visually-hidden' }, 'Your orders, newest first'),
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  h('th', { scope: 'col' }, 'Order'),
                  h('th', { scope: 'col' }, 'Placed'),
                  h('th', { scope: 'col' }, 'Items'),
                  h('th', { scope: 'col' }, 'Status'),
                  h('th', { scope: 'col', class: 'num' }, 'Total'),
                ),
              ),
              h(
                'tbody',
                null,
                orders.map((order) =>
                  h(
                    'tr',
                    null,
                    h(
                      'th',
                      { scope: 'row' },
                      h('a', { href: `/orders/${encodeURIComponent(order.id)}` }, `Order #${order.id}`),
                    ),
                    h('td', null, formatDateTime(order.createdAt)),
                    h('td', null, plural(units(order), 'item', 'items')),
                    h('td', null, statusLabel(order.status)),
                    h('td', { class: 'num' }, formatTaka(order.total)),
                  ),
                ),
              ),
            ),
      ),
    };
  };
}

/** @param {import('../shop.js').Shop} shop */
export function orderDetailView(shop) {
  /** @param {import('../router.js').RouteContext} ctx */
  return async ({ params, query, signal }) => {
    const order = await shop.api.getOrder(params.id, signal);
    return {
      title: `Order #${order.id}`,
      node: h(
        'section',
        { class: 'order' },
        query.get('placed')
          ? notice('success', h('strong', null, 'Thank you! '), 'Your order is placed.')
          : null,
        h('h1', null, `Order #${order.id}`),
        h(
          'p',
          { class: 'order__meta' },
          `Placed ${formatDateTime(order.createdAt)} · `,
          statusLabel(order.status),
        ),
        h(
          'table',
          { class: 'lines' },
          h('caption', { class: 'visually-hidden' }, 'Products in this order'),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, 'Product'),
              h('th', { scope: 'col', class: 'num' }, 'Price'),
              h('th', { scope: 'col', class: 'num' }, 'Quantity'),
              h('th', { scope: 'col', class: 'num' }, 'Subtotal'),
            ),
          ),
          h(
            'tbody',
            null,
            order.items.map((line) =>
              h(
                'tr',
                null,
                h('th', { scope: 'row' }, h('a', { href: `/products/${line.productId}` }, line.name)),
                h('td', { class: 'num' }, formatTaka(line.price)),
                h('td', { class: 'num' }, String(line.quantity)),
                h('td', { class: 'num' }, formatTaka(line.lineTotal)),
              ),
            ),
          ),
          h(
            'tfoot',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'row', colspan: 3 }, 'Total'),
              h('td', { class: 'num total' }, formatTaka(order.total)),
            ),
          ),
        ),
        h(
          'p',
          { class: 'actions' },
          h('a', { class: 'btn btn--secondary', href: '/orders' }, 'All orders'),
          h('a', { class: 'btn', href: '/' }, 'Keep shopping'),
        ),
      ),
    };
  };
}

/** @param {{ items: { quantity: number }[] }} order */
function units(order) {
  return order.items.reduce((sum, line) => sum + line.quantity, 0);
}

/** @param {string} status */
function statusLabel(status) {
  const text = status === 'placed' ? 'Placed' : status.charAt(0).toUpperCase() + status.slice(1);
  return h('span', { class: `badge badge--${status.replace(/[^a-z_-]/gi, '')}` }, text);
}
