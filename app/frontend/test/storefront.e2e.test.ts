import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import getPort from 'get-port';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../backend/test/support/test-app.js';
// Tests may use the lab's test tooling; the layering rule is about the shop's code, which never does.
import { findTool } from '../../../lab/testing/tool.js';
import { watchForProblems } from './support/browser-watch.js';
import { startFrontend, type StartedFrontend } from './support/in-process-frontend.js';

const chromiumTool = findTool('chromium', 'apt-get install chromium');
if (chromiumTool.skipReason) console.warn(chromiumTool.skipReason);

const TEA = 'Ispahani Mirzapore Best Leaf Tea 400 g'; // from the backend's seed catalogue, ৳260, in stock

/**
 * The storefront in headless Chromium against the real backend (real PostgreSQL, seeded catalogue),
 * with the API on another origin as in `lab up` without an ingress: API_BASE_URL is absolute, the
 * backend's CORS_ORIGINS names the storefront, and the CSP must allow exactly that.
 */
describe.skipIf(!!chromiumTool.skipReason)('storefront in a real browser against the real API', () => {
  let backend: TestApp;
  let frontend: StartedFrontend;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const port = await getPort({ host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${port}`;
    backend = await startTestApp({ corsOrigins: [origin] });
    frontend = await startFrontend({ PORT: String(port), API_BASE_URL: `${backend.baseUrl}/api` });
    // Playwright gives every launch a fresh temporary user-data-dir and removes it on close; it never
    // downloads a browser here, it drives Debian's chromium.
    browser = await chromium.launch({
      executablePath: chromiumTool.path,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await frontend?.close();
    await backend?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });

  afterEach(async () => {
    await context?.close();
  });

  const open = async (pathname: string) => {
    await page.goto(`${frontend.url}${pathname}`);
    await page.locator('main h1').first().waitFor();
  };

  async function register(): Promise<string> {
    const username = `shopper_${Math.random().toString(36).slice(2, 10)}`;
    await open('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText(`Hi, ${username}`).waitFor();
    return username;
  }

  async function addTeaToCart(quantity: number) {
    await page.getByLabel('Search products').fill('tea');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: TEA }).click();
    await page.getByRole('heading', { level: 1, name: TEA }).waitFor();
    await page.getByLabel('Quantity').fill(String(quantity));
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByText(`Added ${quantity} × ${TEA} to your cart.`).waitFor();
  }

  // Strings, not functions: this file is type-checked without the DOM library.
  const token = () =>
    page.evaluate<string | undefined>("JSON.parse(localStorage.getItem('dhakacart.session') ?? '{}').token");

  async function ordersOf(bearer: string | undefined) {
    const res = await fetch(`${backend.baseUrl}/api/orders`, {
      headers: { Authorization: `Bearer ${bearer}` },
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: { id: number; total: number; items: { quantity: number }[] }[] })
      .items;
  }

  it('lets a shopper register, find a product, buy it and see the order in the history', async () => {
    const watch = watchForProblems(page);
    const username = await register();

    // Catalogue: category filter and pagination.
    await page.getByLabel('Category').selectOption('groceries');
    await page.waitForURL(/category=/);
    const cards = page.locator('.product-card__category');
    await cards.first().waitFor();
    expect(new Set(await cards.allTextContents())).toEqual(new Set(['Groceries']));
    await page.getByLabel('Category').selectOption('');
    await page.waitForURL((url) => !url.search.includes('category='));
    await page.getByRole('link', { name: 'Next page' }).click();
    await page
      .getByText(/page 2 of \d+/)
      .first()
      .waitFor();

    // Search, product page, add to cart (the header count follows).
    await addTeaToCart(2);
    expect(await page.locator('.cart-badge').textContent()).toBe('2');
    expect(await page.locator('.product__price').textContent()).toBe('৳260.00');
    // The taka sign comes from the storefront's own font, so it renders without a Bengali system font.
    expect(
      await page.evaluate<boolean>(
        "document.fonts.ready.then(() => [...document.fonts].some((f) => f.family.includes('DhakaCart Taka') && f.status === 'loaded'))",
      ),
    ).toBe(true);

    // Cart: change the quantity, see the server's totals.
    await page.getByRole('link', { name: 'View cart' }).click();
    await page.getByRole('heading', { name: 'Your cart' }).waitFor();
    await page.getByLabel(`Quantity of ${TEA}`).fill('3');
    await page.getByLabel(`Quantity of ${TEA}`).press('Tab');
    await page.locator('.lines tfoot .total', { hasText: '৳780.00' }).waitFor();
    expect(await page.locator('.cart-badge').textContent()).toBe('3');

    // Checkout: a double click still makes one order.
    await page.getByRole('link', { name: 'Go to checkout' }).click();
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    await page.getByRole('button', { name: /Place order/ }).dblclick();
    await page.waitForURL(/\/orders\/\d+\?placed=1$/);
    await page.getByText('Your order is placed.').waitFor();
    const orderHeading = await page.getByRole('heading', { level: 1 }).textContent();
    expect(orderHeading).toMatch(/^Order #\d+$/);
    expect(await page.locator('.lines tfoot .total').textContent()).toBe('৳780.00');
    const orders = await ordersOf(await token());
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ total: 780, items: [{ quantity: 3 }] });
    expect(await page.locator('.cart-badge').count()).toBe(0);

    // Order history.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('heading', { name: 'Your orders' }).waitFor();
    const row = page.locator('.lines tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.first().textContent()).toContain(orderHeading?.replace('Order ', '') ?? '?');
    expect(await row.first().textContent()).toContain('৳780.00');

    await keepScreenshot(page, 'order-history');

    // Sign out: the token is gone and signed-in pages ask to sign in again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).waitFor();
    expect(await page.getByText(`Hi, ${username}`).count()).toBe(0);
    expect(await token()).toBeUndefined();
    await open('/orders');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).search).toBe('?next=%2Forders');

    expect(watch.unexpected()).toEqual([]);
  });

  it('retries a checkout whose answer was lost with the same Idempotency-Key, making one order', async () => {
    const watch = watchForProblems(page);
    await register();
    await addTeaToCart(1);

    // The first POST reaches the API and makes the order, but the shopper's connection drops before
    // the answer arrives; the page retries on its own.
    const keys: string[] = [];
    await page.route('**/api/orders', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length === 1) {
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await open('/checkout');
    await page.getByRole('button', { name: /Place order/ }).click();
    await page.waitForURL(/\/orders\/\d+\?placed=1$/);

    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(await ordersOf(await token())).toHaveLength(1);
    expect(
      watch.unexpected([/\/api\/orders: net::ERR_CONNECTION_RESET/, /net::ERR_CONNECTION_RESET/]),
    ).toEqual([]);
  });

  it('explains an out-of-stock checkout and makes no order', async () => {
    const watch = watchForProblems(page);
    await register();
    await addTeaToCart(1);
    // Someone else bought the last ones while this shopper was deciding.
    const before = await backend.deps.db.query<{ stock: number }>(
      `SELECT stock FROM products WHERE name = $1`,
      [TEA],
    );
    await backend.deps.db.query(`UPDATE products SET stock = 0 WHERE name = $1`, [TEA]);
    try {
      await open('/checkout');
      await page.getByRole('button', { name: /Place order/ }).click();
      const alert = page.getByRole('alert');
      await alert.getByText('Some items are no longer available').waitFor();
      expect(await alert.textContent()).toContain('no order was made');
      expect(await alert.getByRole('link', { name: 'Review your cart' }).count()).toBe(1);
      expect(await ordersOf(await token())).toHaveLength(0);
    } finally {
      await backend.deps.db.query(`UPDATE products SET stock = $2 WHERE name = $1`, [
        TEA,
        before.rows[0]?.stock,
      ]);
    }
    expect(watch.unexpected([/\/api\/orders → 409/, /status of 409/])).toEqual([]);
  });

  it("shows the API's field errors next to the fields on registration", async () => {
    const watch = watchForProblems(page);
    await open('/register');
    await page.getByLabel('Username').fill('x');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    const usernameError = page.locator(
      '#' + (await page.getByLabel('Username').getAttribute('id')) + '-error',
    );
    await usernameError.waitFor();
    expect(await usernameError.textContent()).toMatch(/\S/);
    expect(await page.getByLabel('Username').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate<string | null>("document.activeElement?.getAttribute('name')")).toBe(
      'username',
    );
    expect(watch.unexpected([/\/api\/auth\/register → 400/, /status of 400/])).toEqual([]);
  });
});

/**
 * One screenshot of the finished journey, for a person to look at. Kept in
 * STOREFRONT_SCREENSHOT_DIR when that is set; otherwise written to a temp dir and removed.
 */
async function keepScreenshot(page: Page, name: string): Promise<void> {
  const keepDir = process.env.STOREFRONT_SCREENSHOT_DIR;
  const dir = keepDir ?? mkdtempSync(path.join(tmpdir(), 'dhakacart-screenshot-'));
  try {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(10_000);
  } finally {
    if (!keepDir) rmSync(dir, { recursive: true, force: true });
  }
}
