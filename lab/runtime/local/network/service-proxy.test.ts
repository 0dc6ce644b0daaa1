import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceEndpoints, type Endpoint } from '../service-endpoints.js';
import { startServiceProxy, type StartedServiceProxy } from './service-proxy.js';
import { refusingEndpoint } from './test-upstreams.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A TCP pod that greets each connection with its name, then echoes what it receives. */
async function tcpPod(pod: string): Promise<Endpoint> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.write(`${pod}\n`);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  );
  return { pod, host: '127.0.0.1', port: (server.address() as AddressInfo).port };
}

async function proxyFor(service: ServiceEndpoints): Promise<StartedServiceProxy> {
  const proxy = await startServiceProxy({ service });
  cleanups.push(() => proxy.stop());
  return proxy;
}

/** Connects, sends `message`, half-closes, and collects what came back until the connection ends. */
function exchange(proxy: StartedServiceProxy, message = ''): Promise<{ received: string; error?: string }> {
  return new Promise((resolve) => {
    const socket = connect(proxy.port, proxy.host);
    let received = '';
    let error: string | undefined;
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('error', (err: NodeJS.ErrnoException) => (error = err.code));
    socket.on('close', () => resolve({ received, error }));
    socket.end(message);
  });
}

const podOf = async (proxy: StartedServiceProxy): Promise<string> =>
  (await exchange(proxy)).received.split('\n')[0] ?? '';

describe('ServiceProxy', () => {
  it('resets a connection at once while the Service has no ready endpoint', async () => {
    const proxy = await proxyFor(new ServiceEndpoints('backend'));
    expect(proxy.address).toBe(`127.0.0.1:${proxy.port}`);
    const result = await exchange(proxy, 'hello');
    expect(result).toEqual({ received: '', error: 'ECONNRESET' });
  });

  it('sends each new connection to the next ready endpoint, round-robin, and relays both ways', async () => {
    const service = new ServiceEndpoints('backend');
    for (const pod of ['backend-a', 'backend-b', 'backend-c']) service.add(await tcpPod(pod));
    const proxy = await proxyFor(service);

    const pods: string[] = [];
    for (let i = 0; i < 6; i++) pods.push(await podOf(proxy));
    expect(pods).toEqual(['backend-a', 'backend-b', 'backend-c', 'backend-a', 'backend-b', 'backend-c']);
    expect((await exchange(proxy, 'ping')).received).toMatch(/^backend-.\nping$/);
  });

  it('follows endpoint removals and additions on the next connection, without a restart', async () => {
    const service = new ServiceEndpoints('backend');
    service.add(await tcpPod('backend-a'));
    service.add(await tcpPod('backend-b'));
    const proxy = await proxyFor(service);

    service.remove('backend-a');
    expect([await podOf(proxy), await podOf(proxy)]).toEqual(['backend-b', 'backend-b']);
    service.remove('backend-b');
    expect((await exchange(proxy)).error).toBe('ECONNRESET');
    service.add(await tcpPod('backend-c'));
    expect(await podOf(proxy)).toBe('backend-c');
  });

  it('resets the client when the picked endpoint refuses, and does not retry another one', async () => {
    const service = new ServiceEndpoints('backend');
    service.add(await refusingEndpoint('backend-dead'));
    service.add(await tcpPod('backend-b'));
    const proxy = await proxyFor(service);

    expect(await exchange(proxy, 'hello')).toEqual({ received: '', error: 'ECONNRESET' });
    expect(await podOf(proxy)).toBe('backend-b');
  });

  it('closes live connections on stop, and stop can be called again', async () => {
    const service = new ServiceEndpoints('backend');
    service.add(await tcpPod('backend-a'));
    const proxy = await proxyFor(service);
    const socket = connect(proxy.port, proxy.host);
    await new Promise((resolve) => socket.once('data', resolve));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.on('error', () => {});

    await proxy.stop();
    await closed;
    await proxy.stop();
    const refused = await new Promise<string | undefined>((resolve) =>
      connect(proxy.port, proxy.host)
        .on('error', (err: NodeJS.ErrnoException) => resolve(err.code))
        .on('connect', () => resolve(undefined)),
    );
    expect(refused).toBe('ECONNREFUSED');
  });
});
