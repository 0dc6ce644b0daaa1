import type { Server as HttpServer } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';

/**
 * Listens on 127.0.0.1 (never another interface: DESIGN.md, "Safety") and returns the bound port, or
 * rejects naming what could not listen where and what to do about it.
 */
export function listenOnLoopback(
  server: NetServer | HttpServer,
  port: number,
  what: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const hint =
        error.code === 'EADDRINUSE' ? ': the port is in use; pass another one, or 0 for any free port' : '';
      const failure = new Error(
        `${what} could not listen on 127.0.0.1:${port} (${error.code ?? error.message})${hint}`,
        { cause: error },
      );
      // A port in use is a setup problem the user fixes (CLI exit 2), not a fault of the lab.
      reject(
        Object.assign(failure, { code: error.code, ...(error.code === 'EADDRINUSE' && { exitCode: 2 }) }),
      );
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
