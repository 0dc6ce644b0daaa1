import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { spawnFrontend, waitForListening } from './support/frontend-process.js';

describe('storefront process lifecycle', () => {
  it('serves from any cwd, then on SIGTERM turns unready, keeps serving during the delay and exits 0', async () => {
    const frontend = spawnFrontend({ SHUTDOWN_DELAY_MS: '1500', SHUTDOWN_GRACE_MS: '5000' });
    try {
      const url = await waitForListening(frontend);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const page = await fetch(`${url}/products/1`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('/js/main.js');

      frontend.child.kill('SIGTERM');
      const readiness = await pollUntil(
        () => fetch(`${url}/readyz`),
        (res) => res.status === 503,
      );
      expect(await readiness.json()).toEqual({ status: 'not_ready', reason: 'draining' });
      // Endpoints have not dropped the pod yet: whoever still comes gets served, not refused.
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/js/main.js`)).status).toBe(200);

      expect(await frontend.exited).toBe(0);
      expect(frontend.output()).toContain('"msg":"draining"');
      expect(frontend.output()).toContain('"msg":"stopped"');
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      await frontend.kill();
    }
  });

  it('gives up on a request still unfinished after SHUTDOWN_GRACE_MS and exits 1', async () => {
    const frontend = spawnFrontend({ SHUTDOWN_GRACE_MS: '500' });
    const socket = new net.Socket();
    try {
      const url = new URL(await waitForListening(frontend));
      // A client that sent half a request and stalls: the server cannot finish it, so it must not wait forever.
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(Number(url.port), url.hostname, () => resolve());
      });
      socket.on('error', () => {});
      socket.write(`GET /healthz HTTP/1.1\r\nHost: ${url.host}\r\n`);
      await new Promise((resolve) => setTimeout(resolve, 100));

      frontend.child.kill('SIGTERM');
      expect(await frontend.exited).toBe(1);
      expect(frontend.output()).toContain('in-flight requests did not finish in time');
    } finally {
      socket.destroy();
      await frontend.kill();
    }
  });

  it('exits 1 naming the address when the port is already taken', async () => {
    const first = spawnFrontend({});
    try {
      const url = await waitForListening(first);
      const port = new URL(url).port;
      const second = spawnFrontend({ PORT: port });
      try {
        expect(await second.exited).toBe(1);
        expect(second.output()).toContain(`could not listen on 127.0.0.1:${port}`);
      } finally {
        await second.kill();
      }
    } finally {
      await first.kill();
    }
  });
});

/** Repeats `probe` every 50 ms until `done` holds (at most 5 s); the probe's last answer is returned. */
async function pollUntil<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
