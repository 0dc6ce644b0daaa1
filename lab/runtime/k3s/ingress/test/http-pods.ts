import { once } from 'node:events';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * The "pods" behind nginx in the real-nginx tests: HTTP servers on 127.0.0.1 that record every request
 * they get (by its x-test-id header) and either answer with a JSON echo or reset the connection after
 * reading the whole request (a pod that crashed mid-request).
 */
export interface TestPod {
  readonly name: string;
  readonly port: number;
  /** x-test-id of each request that reached this pod, in arrival order. */
  readonly seen: string[];
  behaviour: 'answer' | 'reset';
  close(): Promise<void>;
}

export interface Echo {
  pod: string;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bodyBytes: number;
}

export async function startPod(name: string, behaviour: TestPod['behaviour'] = 'answer'): Promise<TestPod> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    pod.seen.push(String(req.headers['x-test-id'] ?? ''));
    let bodyBytes = 0;
    req.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
    req.on('end', () => {
      if (pod.behaviour === 'reset') return req.socket.resetAndDestroy();
      const echo: Echo = {
        pod: name,
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        bodyBytes,
      };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(echo));
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const pod: TestPod = {
    name,
    port: (server.address() as AddressInfo).port,
    seen: [],
    behaviour,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
  return pod;
}

/** A port nothing listens on (a pod that died): bound once to find it free, then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The echo when a pod answered (JSON), else undefined (nginx's own page). */
  echo: Echo | undefined;
}

/** One request on a fresh connection (nginx's old workers keep old keep-alive connections after a reload). */
export function send(
  port: number,
  path: string,
  {
    method = 'GET',
    body,
    headers = {},
  }: { method?: string; body?: Buffer; headers?: Record<string, string> } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        agent: false,
        headers: { ...headers, ...(body && { 'content-length': String(body.length) }) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const json = String(res.headers['content-type']).startsWith('application/json');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text,
            echo: json ? (JSON.parse(text) as Echo) : undefined,
          });
        });
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer for ${method} ${path} in 10 s`)));
    req.on('error', reject);
    req.end(body);
  });
}
