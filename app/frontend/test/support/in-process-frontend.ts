import { pino } from 'pino';
import { loadFrontendConfig } from '../../server/config.js';
import { createFrontendServer, type FrontendServer } from '../../server/frontend-server.js';

export interface StartedFrontend {
  url: string;
  server: FrontendServer;
  close(): Promise<void>;
}

/**
 * The storefront server in this process on 127.0.0.1 and a free port, configured from `env` the way
 * the real process is (through loadFrontendConfig), with logs silenced.
 */
export async function startFrontend(env: Record<string, string> = {}): Promise<StartedFrontend> {
  const config = loadFrontendConfig({ HOST: '127.0.0.1', PORT: '0', ...env });
  const server = createFrontendServer(config, { logger: pino({ level: 'silent' }) });
  const { url } = await server.listen();
  return { url, server, close: () => server.close() };
}
