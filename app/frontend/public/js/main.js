import { h, replaceChildren } from './dom.js';
import { mountHeader } from './header.js';
import { createRouter } from './router.js';
import { loadRuntimeConfig } from './runtime-config.js';
import { createShop } from './shop.js';
import { errorPage, notice } from './ui.js';
import { loginView, registerView } from './views/auth.js';
import { cartView } from './views/cart.js';
import { catalogueView } from './views/catalogue.js';
import { checkoutView } from './views/checkout.js';
import { orderDetailView, ordersView } from './views/orders.js';
import { productView } from './views/product.js';

/** Starts the storefront: runtime config, then the header and the router over the page's <main>. */
async function start() {
  const outlet = /** @type {HTMLElement} */ (document.getElementById('main'));
  const nav = /** @type {HTMLElement} */ (document.getElementById('site-nav'));
  const announcer = /** @type {HTMLElement} */ (document.getElementById('announcer'));

  let config;
  try {
    config = await loadRuntimeConfig();
  } catch (error) {
    replaceChildren(
      outlet,
      h('h1', null, 'DhakaCart is not available'),
      notice('error', 'The shop could not load its settings. Please reload the page in a moment.'),
    );
    throw error;
  }

  const shop = createShop({ apiBaseUrl: config.apiBaseUrl, announcer });
  const header = mountHeader(nav, shop);
  const router = createRouter({
    outlet,
    isSignedIn: () => Boolean(shop.session.current()),
    renderError: errorPage,
    routes: [
      { path: '/', view: catalogueView(shop) },
      { path: '/products/:id', view: productView(shop) },
      { path: '/cart', view: cartView(shop), requiresAuth: true },
      { path: '/checkout', view: checkoutView(shop), requiresAuth: true },
      { path: '/orders', view: ordersView(shop), requiresAuth: true },
      { path: '/orders/:id', view: orderDetailView(shop), requiresAuth: true },
      { path: '/login', view: loginView(shop) },
      { path: '/register', view: registerView(shop) },
    ],
    notFound: async () => ({
      title: 'Page not found',
      node: h(
        'section',
        { class: 'panel' },
        h('h1', null, 'Page not found'),
        h('p', null, 'There is no page at this address.'),
        h('p', null, h('a', { class: 'btn', href: '/' }, 'Back to the shop')),
      ),
    }),
    afterRender: header.draw,
  });
  shop.setNavigate(router.navigate);

  shop.session.onChange((session) => {
    if (session) void shop.cart.refresh();
    else shop.cart.clear();
  });
  if (shop.session.current()) void shop.cart.refresh();
  header.draw();
  await router.render();
}

void start();
