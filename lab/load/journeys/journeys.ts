import type { JourneyName } from '../../scenario/scenario-types.js';
import type { OrderAttempt } from '../request-record.js';
import type { Journey, JourneyContext, Shoppers } from './journey-types.js';

/**
 * The shopper journeys, written once for both generators. Each is what one visit to the shop does;
 * a step that fails ends the visit (a shopper who sees an error page does not carry on as if it had
 * worked). Every choice comes from the arrival's seeded generator.
 */

/** A browsing-heavy shop: most visits look, few buy. Weights, not fractions. */
export const defaultJourneyMix: Record<JourneyName, number> = {
  browse: 30,
  search: 15,
  product: 30,
  'add-to-cart': 10,
  checkout: 5,
  'order-history': 10,
};

const pageSize = 20;
/** Used when the products carry no names to take search words from. */
const fallbackSearchTerms = ['rice', 'oil', 'saree', 'tea', 'phone', 'sandal'];

const productsRoute = '/api/products';
const productRoute = '/api/products/:id';
const cartItemsRoute = '/api/cart/items';
const ordersRoute = '/api/orders';

function anyProduct(context: JourneyContext): Shoppers['products'][number] {
  return context.random.pick(context.shoppers.products);
}

function anyShopper(context: JourneyContext): { username: string; authorization: string } {
  const user = context.random.pick(context.shoppers.users);
  return { username: user.username, authorization: `Bearer ${user.token}` };
}

function searchTerm(context: JourneyContext): string {
  const words = (anyProduct(context).name ?? '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word.length >= 3);
  return context.random.pick(words.length > 0 ? words : fallbackSearchTerms);
}

const browse: Journey = {
  name: 'browse',
  entry: { method: 'GET', route: productsRoute },
  async run(context) {
    const pages = Math.max(1, Math.ceil(context.shoppers.products.length / pageSize));
    const offset = context.random.int(0, pages - 1) * pageSize;
    await context.step({
      method: 'GET',
      path: `/api/products?limit=${pageSize}&offset=${offset}`,
      route: productsRoute,
      expect: [200],
    });
  },
};

const search: Journey = {
  name: 'search',
  entry: { method: 'GET', route: productsRoute },
  async run(context) {
    await context.step({
      method: 'GET',
      path: `/api/products?search=${encodeURIComponent(searchTerm(context))}&limit=${pageSize}`,
      route: productsRoute,
      expect: [200],
    });
  },
};

const product: Journey = {
  name: 'product',
  entry: { method: 'GET', route: productRoute },
  async run(context) {
    await context.step({
      method: 'GET',
      path: `/api/products/${anyProduct(context).id}`,
      route: productRoute,
      expect: [200],
    });
  },
};

/** Looks at a product page, then puts one to three of it in the cart. */
const addToCart: Journey = {
  name: 'add-to-cart',
  entry: { method: 'GET', route: productRoute },
  async run(context) {
    const item = anyProduct(context);
    const shopper = anyShopper(context);
    const quantity = context.random.int(1, 3);
    const page = await context.step({
      method: 'GET',
      path: `/api/products/${item.id}`,
      route: productRoute,
      expect: [200],
    });
    if (!page.ok) return;
    await context.step({
      method: 'POST',
      path: '/api/cart/items',
      route: cartItemsRoute,
      headers: { authorization: shopper.authorization },
      body: { productId: item.id, quantity },
      expect: [200],
    });
  },
};

/**
 * Buys one or two products, one or two of each, with the items in the body (not the cart, which
 * other journeys of the same shopper fill concurrently) and an idempotency key unique to the arrival.
 * 409 insufficient_stock is the shop's correct answer once stock runs out, so it is expected.
 */
const checkout: Journey = {
  name: 'checkout',
  entry: { method: 'POST', route: ordersRoute },
  async run(context) {
    const shopper = anyShopper(context);
    const lines = new Map<number, number>();
    const count = Math.min(context.random.int(1, 2), context.shoppers.products.length);
    while (lines.size < count) lines.set(anyProduct(context).id, context.random.int(1, 2));
    const items = [...lines].map(([productId, quantity]) => ({ productId, quantity }));
    const idempotencyKey = `lab-${context.arrivalId}`;
    const result = await context.step({
      method: 'POST',
      path: '/api/orders',
      route: ordersRoute,
      headers: { authorization: shopper.authorization, 'idempotency-key': idempotencyKey },
      body: { items },
      expect: [201, 200, 409],
      readBody: true,
    });
    if (result.finishedAt === 0) return; // stopped before sending: no attempt was made
    const attempt: OrderAttempt = {
      idempotencyKey,
      username: shopper.username,
      items,
      outcome: orderOutcome(result.status, result.errorKind, result.body),
      at: result.finishedAt,
    };
    if (result.status !== undefined) attempt.status = result.status;
    const orderId = (result.body as { id?: unknown } | undefined)?.id;
    if (attempt.outcome === 'acknowledged' && typeof orderId === 'number') attempt.orderId = orderId;
    context.recordOrder(attempt);
  },
};

/**
 * Acknowledged: 201, or 200 replay, with an order id. Rejected: a definite refusal that made no order
 * (any 4xx, 409 insufficient_stock included, or a refused connection that never reached the shop).
 * Ambiguous: the order may or may not exist (timeout, reset, 5xx, anything else).
 */
export function orderOutcome(
  status: number | undefined,
  errorKind: string | undefined,
  body: unknown,
): OrderAttempt['outcome'] {
  if (errorKind === 'connection_refused') return 'rejected';
  if (status === undefined) return 'ambiguous';
  if ((status === 201 || status === 200) && typeof (body as { id?: unknown } | undefined)?.id === 'number') {
    return 'acknowledged';
  }
  if (status >= 400 && status < 500) return 'rejected';
  return 'ambiguous';
}

const orderHistory: Journey = {
  name: 'order-history',
  entry: { method: 'GET', route: ordersRoute },
  async run(context) {
    await context.step({
      method: 'GET',
      path: '/api/orders',
      route: ordersRoute,
      headers: { authorization: anyShopper(context).authorization },
      expect: [200],
    });
  },
};

export const journeys: Readonly<Record<JourneyName, Journey>> = {
  browse,
  search,
  product,
  'add-to-cart': addToCart,
  checkout,
  'order-history': orderHistory,
};
