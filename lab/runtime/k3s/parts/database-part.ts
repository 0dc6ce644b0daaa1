import type { DatabaseStatus, FailoverResult } from '../../../control/lab-controller.js';
import type { TopologyDatabase, TopologyEvent } from '../../topology.js';

/**
 * The database pair as the k3s topology uses it: PostgreSQL primary + streaming standby containers on
 * the lab network (lab/runtime/k3s/database), with the operations the LabController needs.
 */
export interface ClusterDatabase extends TopologyDatabase {
  readonly primary: { readonly name: string; readonly url: string };
  readonly standby?: { readonly name: string } | undefined;
  status(): Omit<DatabaseStatus, 'proxy'>;
  /** `<alias>:5432` on the lab network: where the toxiproxy `postgres` proxy points. */
  primaryAddress(): string;
  /** Throws (changing nothing) when a failover cannot succeed now, saying what to do instead. */
  checkFailoverPossible(): void;
  failover(options: {
    detectionDelayMs: number;
    repoint: (address: string) => Promise<void>;
  }): Promise<FailoverResult>;
  recloneStandby(): Promise<{ name: string }>;
  stop(): Promise<void>;
}

export interface ClusterDatabaseOptions {
  runId: string;
  network: string;
  image: string;
  synchronous: boolean;
  logsDir: string;
  emit: (event: TopologyEvent) => void;
}

export async function startClusterDatabase(_options: ClusterDatabaseOptions): Promise<ClusterDatabase> {
  throw new Error('not wired yet');
}
