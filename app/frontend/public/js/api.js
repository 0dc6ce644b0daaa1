/**
 * The shop API client: one function per endpoint of the API contract, errors turned into ApiError
 * with the contract's `code`, `message` and per-field `details`, so views never parse responses.
 */

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, or 0 when the request never got an answer
   * @param {string} code the API's snake_case code (`network_error` when there was no answer)
   * @param {string} message text fit to show a shopper
   * @param {{ field: string, message: string }[]} [details] per-field problems (validation_failed)
   */
  constructor(status, code, message, details = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** True when the request may have reached the server but its outcome is unknown, or the server was
   * briefly unable to serve it: repeating the same request (with the same idempotency key) is safe. */
  get retryable() {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

const NETWORK_MESSAGE = 'Could not reach DhakaCart. Check your connection and try again.';

/**
 * @param {{ baseUrl: string, getToken: () => string | undefined, onUnauthorized: () => void }} options
 */
export function createApiClient({ baseUrl, getToken, onUnauthorized }) {
  /**
   * @param {string} method
   * @param {string} path under the API base, starting with `/`
   * @param {{ body?: unknown, headers?: Record<string, string>, signal?: AbortSignal }} [options]
   */
  async function request(method, path, { body, headers = {}, signal } = {}) {
    const token = getToken();
    /** @type {Record<string, string>} */
    const allHeaders = { Accept: 'application/json', ...headers };
    if (body !== undefined) allHeaders['Content-Type'] = 'application/json';
    if (token) allHeaders.Authorization = `Bearer ${token}`;

    let response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: allHeaders,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new ApiError(0, 'network_error', NETWORK_MESSAGE);
    }

    const payload = await response.json().catch(() => undefined);
    if (response.ok) return payload;

    const error = payload?.error;
    if (response.status === 401 && token) onUnauthorized();
    throw new ApiError(
      response.status,
      typeof error?.code === 'string' ? error.code : `http_${response.status}`,
      typeof error?.message === 'string' ? error.message : fallbackMessage(response.status),
      Array.isArray(error?.details) ? error.details : [],
    );
  }

  /** @param {Record<string, string | number | undefined>} params */
  const query = (params) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined && value !== '') search.set(key, String(value));
    }
    const text = search.toString();
    return text ? `?${text}` : '';
  };
  const id = (value) => encodeURIComponent(String(value));

  return {
    /** @param {string} username @param {string} password */
    register: (username, password) => request('POST', '/auth/register', { body: { username, password } }),
    /** @param {string} username @param {string} password */
    login: (username, password) => request('POST', '/auth/login', { body: { username, password } }),

    /** @param {{ search?: string, category?: string, limit?: number, offset?: number }} params @param {AbortSignal} [signal] */
    listProducts: (params, signal) => request('GET', `/products${query(params)}`, { signal }),
    getProduct: (productId, signal) => request('GET', `/products/${id(productId)}`, { signal }),
    listCategories: (signal) => request('GET', '/categories', { signal }),

    getCart: (signal) => request('GET', '/cart/items', { signal }),
    addToCart: (productId, quantity) => request('POST', '/cart/items', { body: { productId, quantity } }),
    setCartQuantity: (productId, quantity) =>
      request('PATCH', `/cart/items/${id(productId)}`, { body: { quantity } }),
    removeFromCart: (productId) => request('DELETE', `/cart/items/${id(productId)}`),

    /** Places an order from the cart. The key makes a repeat of this call return the same order. */
    placeOrder: (idempotencyKey) =>
      request('POST', '/orders', { body: {}, headers: { 'Idempotency-Key': idempotencyKey } }),
    listOrders: (signal) => request('GET', '/orders', { signal }),
    getOrder: (orderId, signal) => request('GET', `/orders/${id(orderId)}`, { signal }),
  };
}

/** @param {number} status */
function fallbackMessage(status) {
  if (status === 404) return 'We could not find that.';
  if (status === 429) return 'Too many requests. Please wait a moment and try again.';
  if (status >= 500) return 'DhakaCart is having trouble right now. Please try again in a moment.';
  return `The request failed (HTTP ${status}).`;
}

/** @typedef {ReturnType<typeof createApiClient>} Api */
