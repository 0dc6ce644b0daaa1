import { createServer, type Server } from 'node:http';
import { once } from 'node:events';

/**
 * The controller's own probes, on a port of their own (ingress-nginx uses 10254 too), so that a busy
 * or misrouted shop never fails them:
 * - /healthz (readiness): nginx runs a configuration rendered from a complete list of the cluster and
 *   its status server answers;
 * - /livez (liveness): the controller's event loop answers.
 * It listens on every address: the kubelet probes the pod's IP.
 */
export async function startHealthServer(port: number, ready: () => Promise<boolean>): Promise<Server> {
  const server = createServer((req, res) => {
    const answer = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(body);
    };
    if (req.url === '/livez') return answer(200, 'ok');
    if (req.url !== '/healthz') return answer(404, 'not found');
    ready().then(
      (ok) => answer(ok ? 200 : 503, ok ? 'ok' : 'nginx has no configuration yet'),
      (error: unknown) => answer(503, String(error)),
    );
  });
  server.listen(port);
  await once(server, 'listening');
  return server;
}
