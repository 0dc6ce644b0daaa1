/**
 * The lab is up when a shopper would say so: the storefront page and the catalogue API both answer 200
 * through the ingress. Bounded by `timeoutMs`; the error says which check failed last and how.
 */
export async function waitForShop(
  urls: { storefront: string; api: string },
  timeoutMs: number,
): Promise<void> {
  const checks = [urls.storefront, `${urls.api}/products?limit=1`];
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (const url of checks) {
    for (;;) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
        await response.arrayBuffer();
        if (response.ok) break;
        last = `${url} answered ${response.status}`;
      } catch (error) {
        last = `${url} failed: ${(error as Error).message}`;
      }
      if (Date.now() > deadline)
        throw new Error(`the shop did not answer through the ingress in ${timeoutMs} ms: ${last}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
