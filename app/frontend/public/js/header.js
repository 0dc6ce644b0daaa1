import { h, replaceChildren } from './dom.js';

/**
 * The site navigation: shop, cart with its count, orders, and who is signed in with a sign-out
 * button. Redrawn when the session or the cart count changes, and after each navigation so the
 * current page's link carries aria-current.
 * @param {HTMLElement} nav
 * @param {import('./shop.js').Shop} shop
 */
export function mountHeader(nav, shop) {
  function draw() {
    const user = shop.session.current()?.user;
    const count = shop.cart.get();
    const here = location.pathname;
    const link = (href, ...label) =>
      h(
        'a',
        {
          href,
          class: 'site-nav__link',
          'aria-current': here === href || (href !== '/' && here.startsWith(`${href}/`)) ? 'page' : undefined,
        },
        ...label,
      );

    replaceChildren(
      nav,
      h(
        'ul',
        { class: 'site-nav__list' },
        h('li', null, link('/', 'Shop')),
        h(
          'li',
          null,
          link(
            '/cart',
            'Cart',
            count > 0 ? h('span', { class: 'cart-badge' }, String(count)) : null,
            h('span', { class: 'visually-hidden' }, `, ${count} ${count === 1 ? 'item' : 'items'}`),
          ),
        ),
        user ? h('li', null, link('/orders', 'Orders')) : null,
        user
          ? h(
              'li',
              { class: 'site-nav__user' },
              h('span', { class: 'site-nav__name' }, `Hi, ${user.username}`),
              h(
                'button',
                { type: 'button', class: 'btn btn--small btn--secondary', onclick: signOut },
                'Sign out',
              ),
            )
          : [h('li', null, link('/login', 'Sign in')), h('li', null, link('/register', 'Register'))],
      ),
    );
  }

  function signOut() {
    shop.session.signOut();
    shop.announce('Signed out');
    shop.navigate('/');
  }

  shop.session.onChange(draw);
  shop.cart.onChange(draw);
  return { draw };
}
