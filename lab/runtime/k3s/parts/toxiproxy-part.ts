import type { ToxicLink } from '../../local/link-toxics.js';

/** The backend→database link: the toxiproxy container's `postgres` proxy, re-pointed on failover. */
export interface DatabaseLink extends ToxicLink {
  readonly listen: string;
  readonly upstream: string;
  repoint(address: string): Promise<void>;
}

export interface ToxiproxyPart {
  /** e.g. "toxiproxy-server 2.12.0 (container)". */
  readonly implementation: string;
  /** The port the `postgres` proxy listens on inside the container. */
  readonly databasePort: number;
  networkAddress(network: string): string;
  databaseLink(upstream: string): Promise<DatabaseLink>;
  stop(): Promise<void>;
}

export async function startToxiproxyPart(_options: {
  runId: string;
  network: string;
  image: string;
}): Promise<ToxiproxyPart> {
  throw new Error('not wired yet');
}
