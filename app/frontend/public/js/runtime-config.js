/**
 * Runtime configuration from the storefront server (`GET /config.json`), so the same files work
 * behind an ingress (`/api`) or against an API on another origin, without a rebuild.
 * @returns {Promise<{ apiBaseUrl: string }>}
 */
export async function loadRuntimeConfig() {
  const response = await fetch('/config.json', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET /config.json answered HTTP ${response.status}`);
  const config = await response.json();
  if (typeof config?.apiBaseUrl !== 'string' || config.apiBaseUrl === '') {
    throw new Error('GET /config.json has no "apiBaseUrl" string');
  }
  return { apiBaseUrl: config.apiBaseUrl.replace(/\/+$/, '') };
}
