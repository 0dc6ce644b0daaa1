import { connect } from 'node:net';
import { Toxiproxy } from 'toxiproxy-node-client';
import { describe, expect, it } from 'vitest';
import { startEmbeddedToxiproxy } from './embedded-server.js';

async function post(url: string, body: unknown): Promise<{ status: number; body: { error?: string } }> {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { error?: string } };
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('EmbeddedToxiproxy', () => {
  it('serves the API on 127.0.0.1 and a free port', async () => {
    await using server = await startEmbeddedToxiproxy();
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(await new Toxiproxy(server.url).getVersion()).toBe('{"version": "2.12.0-embedded"}\n');
  });

  it.each(['0.0.0.0:0', '', ':0', '[::]:0', '10.1.2.3:5432'])(
    'refuses a proxy listening on %j with a 400 that names the allowed address (the lab listens on loopback only)',
    async (listen) => {
      await using server = await startEmbeddedToxiproxy();
      const answer = await post(`${server.url}/proxies`, { name: 'db', listen, upstream: '127.0.0.1:5432' });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toContain(`listen address ${JSON.stringify(listen)} is not allowed`);
      expect(answer.body.error).toContain('127.0.0.1:<port>');
    },
  );

  it('applies the loopback rule to /populate (naming the entry) and to updates', async () => {
    await using server = await startEmbeddedToxiproxy();
    const populate = await post(`${server.url}/populate`, [
      { name: 'ok', listen: '127.0.0.1:0', upstream: '127.0.0.1:9' },
      { name: 'wide', listen: '0.0.0.0:0', upstream: '127.0.0.1:9' },
    ]);
    expect(populate.status).toBe(400);
    expect(populate.body.error).toContain('"0.0.0.0:0" at proxy 2 is not allowed');
    // Checked before anything is created, like the missing-field checks.
    expect(await (await fetch(`${server.url}/proxies`)).json()).toEqual({});

    await post(`${server.url}/proxies`, { name: 'db', listen: '127.0.0.1:0', upstream: '127.0.0.1:9' });
    const update = await post(`${server.url}/proxies/db`, { listen: '0.0.0.0:0' });
    expect(update.status).toBe(400);
  });

  it('accepts localhost and listens on 127.0.0.1', async () => {
    await using server = await startEmbeddedToxiproxy();
    const proxy = await new Toxiproxy(server.url).createProxy({
      name: 'db',
      listen: 'localhost:0',
      upstream: '127.0.0.1:9',
    });
    expect(proxy.listen).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('stop() closes every proxy, and a second stop() is a no-op', async () => {
    const server = await startEmbeddedToxiproxy();
    const proxy = await new Toxiproxy(server.url).createProxy({
      name: 'db',
      listen: '127.0.0.1:0',
      upstream: '127.0.0.1:9',
    });
    const port = Number(proxy.listen.split(':')[1]);
    await server.stop();
    await server.stop();
    expect(await refused(port)).toBe(true);
    expect(await refused(server.port)).toBe(true);
  });
});
