/**
 * The signed-in shopper: the API's JWT and user, kept in localStorage so a reload or a new tab stays
 * signed in. An expired token is dropped on read (the API would refuse it anyway), and other tabs
 * signing in or out are followed through the `storage` event.
 */
const STORAGE_KEY = 'dhakacart.session';

/**
 * @typedef {{ id: number | string, username: string, role: string }} User
 * @typedef {{ token: string, user: User }} SessionData
 */

/** @param {Storage} [storage] */
export function createSession(storage = window.localStorage) {
  /** @type {Set<(data: SessionData | undefined) => void>} */
  const listeners = new Set();
  const notify = () => listeners.forEach((listener) => listener(read()));

  /** @returns {SessionData | undefined} */
  function read() {
    try {
      const data = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null');
      if (!data || typeof data.token !== 'string' || !data.user) return undefined;
      if (isExpired(data.token)) {
        storage.removeItem(STORAGE_KEY);
        return undefined;
      }
      return data;
    } catch {
      return undefined;
    }
  }

  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY) notify();
  });

  return {
    current: read,
    token: () => read()?.token,
    /** @param {SessionData} data */
    signIn(data) {
      storage.setItem(STORAGE_KEY, JSON.stringify({ token: data.token, user: data.user }));
      notify();
    },
    signOut() {
      storage.removeItem(STORAGE_KEY);
      notify();
    },
    /** @param {(data: SessionData | undefined) => void} listener */
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Reads the JWT's `exp` claim; a token that cannot be read is treated as not expired (the API decides). */
function isExpired(token) {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    return typeof json.exp === 'number' && json.exp * 1000 <= Date.now();
  } catch {
    return false;
  }
}

/** @typedef {ReturnType<typeof createSession>} Session */
